package dev.filesys.file.files;

import java.io.IOException;

/**
 * A download stopped part-way because the blob turned out damaged. It propagates out of the servlet unhandled, so the
 * container closes the connection and the client sees a body shorter than its Content-Length.
 */
class DownloadAborted extends IOException {

    DownloadAborted(IOException cause) {
        super("download aborted: " + cause.getMessage(), cause);
    }
}
