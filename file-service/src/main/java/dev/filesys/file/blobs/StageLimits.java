package dev.filesys.file.blobs;

import java.time.Duration;

/**
 * Bounds on one staging: at most {@code maxBytes} bytes, read at the given pace.
 *
 * @param maxBytes the most bytes accepted; one more fails the staging
 * @param pace how long the whole staging may take and how slowly its bytes may arrive
 */
public record StageLimits(long maxBytes, TransferPace pace) {

    /** At most {@code maxBytes} bytes within {@code timeLimit}, at any rate. */
    public StageLimits(long maxBytes, Duration timeLimit) {
        this(maxBytes, TransferPace.within(timeLimit));
    }
}
