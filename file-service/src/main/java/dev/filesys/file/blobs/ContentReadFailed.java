package dev.filesys.file.blobs;

import java.io.IOException;
import java.net.SocketTimeoutException;

/** Reading the content to stage failed: the client cut the connection or sent nothing for too long. */
public class ContentReadFailed extends IOException {

    public ContentReadFailed(IOException cause) {
        super("reading the content failed", cause);
    }

    /** Whether the source stalled (a read timed out) rather than broke. */
    public boolean timedOut() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
