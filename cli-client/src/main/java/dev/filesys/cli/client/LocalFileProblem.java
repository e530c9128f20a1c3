package dev.filesys.cli.client;

/** A local file cannot be read or written: missing, a directory, no permission, disk full. */
public final class LocalFileProblem extends RuntimeException {

    private final boolean missing;

    public LocalFileProblem(String message, boolean missing) {
        super(message);
        this.missing = missing;
    }

    /** Whether the file (or its directory) does not exist, as opposed to existing but being unusable. */
    public boolean missing() {
        return missing;
    }
}
