package dev.filesys.file.blobs;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that hands out its bytes in blocks: a single byte is read as a block of one, and a read of no bytes reads
 * nothing, so a subclass only reads blocks of at least one byte.
 */
public abstract class BlockInputStream extends InputStream {

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        return len == 0 ? 0 : readBlock(buffer, off, len);
    }

    /** Reads up to {@code len} (at least one) bytes into {@code buffer} at {@code off}; returns how many, or -1 at the end. */
    protected abstract int readBlock(byte[] buffer, int off, int len) throws IOException;
}
