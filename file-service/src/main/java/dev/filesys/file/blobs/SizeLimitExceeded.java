package dev.filesys.file.blobs;

import java.io.IOException;

/** The content being staged was longer than the limit it was given; nothing was kept. */
public class SizeLimitExceeded extends IOException {

    public SizeLimitExceeded(long limit) {
        super("content longer than " + limit + " bytes");
    }
}
