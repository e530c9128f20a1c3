package dev.filesys.file.blobs;

import java.time.Duration;

/**
 * Bounds on one staging: at most {@code maxBytes} bytes, read within {@code timeLimit}.
 *
 * @param maxBytes the most bytes accepted; one more fails the staging
 * @param timeLimit how long the whole staging may take, however slowly the source trickles
 */
public record StageLimits(long maxBytes, Duration timeLimit) {}
