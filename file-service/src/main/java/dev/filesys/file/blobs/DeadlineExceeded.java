package dev.filesys.file.blobs;

import java.io.IOException;
import java.time.Duration;

/** The content being staged did not arrive within its time limit; nothing was kept. */
public class DeadlineExceeded extends IOException {

    public DeadlineExceeded(Duration limit) {
        super("content not complete within " + limit);
    }
}
