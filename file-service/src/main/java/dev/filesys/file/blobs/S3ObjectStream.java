package dev.filesys.file.blobs;

import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The body of an S3 GET as it arrives. Closed before its end (a client that went away, a HEAD request, a failed CRC
 * check) it aborts the connection rather than reading the rest of a possibly huge object to reuse it; a failure of the
 * SDK while reading is reported as an {@link IOException}, as from any other stream.
 */
public final class S3ObjectStream extends BlockInputStream {

    private final ResponseInputStream<?> response;
    private boolean ended;

    public S3ObjectStream(ResponseInputStream<?> response) {
        this.response = response;
    }

    @Override
    protected int readBlock(byte[] buffer, int off, int len) throws IOException {
        try {
            int n = response.read(buffer, off, len);
            if (n < 0) {
                ended = true;
            }
            return n;
        } catch (SdkException e) {
            throw new IOException("reading from S3 failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!ended) {
            response.abort();
        }
        response.close();
    }
}
