package dev.filesys.file.blobs;

import dev.filesys.file.FileServiceProperties;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long reading a body may take: at most {@code timeLimit} in all, and, when {@code minimumRate} is positive, at
 * least {@code minimumRate} bytes per second averaged over each {@code window} (the first window is the grace period,
 * so a slow start is not punished). A trickle that never stalls long enough for the idle timeout is cut by the rate
 * long before the total limit.
 *
 * @param timeLimit how long the whole body may take, however steadily it arrives
 * @param minimumRate the fewest bytes per second each window must average; 0 turns the rate check off
 * @param window how long each averaging window lasts
 */
public record TransferPace(Duration timeLimit, long minimumRate, Duration window) {

    /** The pace the settings hold every upload body to. */
    public static TransferPace of(FileServiceProperties.Uploads uploads) {
        return new TransferPace(uploads.deadline(), uploads.minimumRate().toBytes(), uploads.rateWindow());
    }

    /** Only a total time limit. */
    public static TransferPace within(Duration timeLimit) {
        return new TransferPace(timeLimit, 0, timeLimit);
    }

    /** A clock for one body, started now. */
    public Clock start() {
        return start(System::nanoTime);
    }

    /** A clock for one body that reads the time from {@code nanoTime} (tests pass their own). */
    Clock start(LongSupplier nanoTime) {
        return new Clock(this, nanoTime);
    }

    /** What {@link Clock#check} found. */
    public enum Verdict {
        ON_TIME,
        /** The total time limit has passed. */
        PAST_DEADLINE,
        /** The last window averaged less than the minimum rate. */
        TOO_SLOW
    }

    /** The timing of one body being read; not thread-safe (one reader). */
    public static final class Clock {

        private final TransferPace pace;
        private final LongSupplier nanoTime;
        private final long startNanos;
        private long windowStartNanos;
        private long windowStartBytes;

        private Clock(TransferPace pace, LongSupplier nanoTime) {
            this.pace = pace;
            this.nanoTime = nanoTime;
            this.startNanos = nanoTime.getAsLong();
            this.windowStartNanos = startNanos;
        }

        /** Checks the pace after a read, {@code bytes} being all the body's bytes read so far. */
        public Verdict check(long bytes) {
            long now = nanoTime.getAsLong();
            if (now - startNanos > pace.timeLimit().toNanos()) {
                return Verdict.PAST_DEADLINE;
            }
            if (pace.minimumRate() <= 0) {
                return Verdict.ON_TIME;
            }
            long elapsed = now - windowStartNanos;
            if (elapsed < pace.window().toNanos()) {
                return Verdict.ON_TIME;
            }
            // bytes in the window against rate * elapsed, in double to stay clear of overflow for long windows
            double expected = pace.minimumRate() * (elapsed / 1e9);
            if (bytes - windowStartBytes < expected) {
                return Verdict.TOO_SLOW;
            }
            windowStartNanos = now;
            windowStartBytes = bytes;
            return Verdict.ON_TIME;
        }
    }
}
