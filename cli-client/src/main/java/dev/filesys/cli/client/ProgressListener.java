package dev.filesys.cli.client;

/** Told how a transfer advances; called from the transferring thread. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
        @Override
        public void started(long total, long done) {}

        @Override
        public void advanced(long done) {}

        @Override
        public void finished(long done) {}
    };

    /**
     * The transfer starts (or restarts after a fail-over).
     *
     * @param total the size in bytes
     * @param done how many bytes were already transferred (a resumed transfer), never more than {@code total}
     */
    void started(long total, long done);

    /** {@code done} bytes of the total are transferred. */
    void advanced(long done);

    /** The transfer is complete; {@code done} equals the total. */
    void finished(long done);
}
