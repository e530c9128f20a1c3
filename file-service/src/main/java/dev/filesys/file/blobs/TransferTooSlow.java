package dev.filesys.file.blobs;

import java.io.IOException;
import java.time.Duration;

/** The content being staged arrived more slowly than the minimum rate; nothing was kept. */
public class TransferTooSlow extends IOException {

    public TransferTooSlow(long minimumRate, Duration window) {
        super("content arrived at less than " + minimumRate + " bytes/s over " + window);
    }
}
