package dev.filesys.file.blobs;

/**
 * Holds a reader to a number of bytes per second on average since it was made, by making it wait after a read that got
 * ahead. For background reads (the scrubber) that must leave the disk and the network to the users.
 */
final class ReadPace {

    private final long bytesPerSecond;
    private final long start = System.nanoTime();
    private long bytes;

    ReadPace(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** No limit at all: what an operator's fsck runs with. */
    static ReadPace unlimited() {
        return new ReadPace(Long.MAX_VALUE);
    }

    /** Counts {@code n} bytes read, then waits until reading them took as long as the rate allows. */
    void read(long n) throws InterruptedException {
        if (bytesPerSecond == Long.MAX_VALUE) {
            return;
        }
        bytes += n;
        long due = (long) (bytes * 1e9 / bytesPerSecond);
        long ahead = due - (System.nanoTime() - start);
        if (ahead > 0) {
            Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
        }
    }
}
