package dev.filesys.file.blobs;

import java.io.IOException;

/** A stored blob's bytes no longer match what was recorded when it was written. */
public class IntegrityViolation extends IOException {

    public IntegrityViolation(String message) {
        super(message);
    }
}
