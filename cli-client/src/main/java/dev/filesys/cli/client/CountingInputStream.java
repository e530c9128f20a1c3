package dev.filesys.cli.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Reads at most {@code limit} bytes of a stream and reports the running count after each read. */
final class CountingInputStream extends FilterInputStream {

    private final long limit;
    private final LongConsumer counted;
    private long count;

    CountingInputStream(InputStream in, long limit, LongConsumer counted) {
        super(in);
        this.limit = limit;
        this.counted = counted;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        if (count >= limit) {
            return -1;
        }
        int read = super.read(buffer, off, (int) Math.min(len, limit - count));
        if (read > 0) {
            count += read;
            counted.accept(count);
        }
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skipping is not supported");
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
