package dev.filesys.file.blobs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Reads {@code length} bytes of a file channel from {@code offset} on; ends early if the file is shorter. */
final class ChannelRegionInputStream extends BlockInputStream {

    private final FileChannel channel;
    private long position;
    private long remaining;

    ChannelRegionInputStream(FileChannel channel, long offset, long length) {
        this.channel = channel;
        this.position = offset;
        this.remaining = length;
    }

    @Override
    protected int readBlock(byte[] buffer, int off, int len) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int wanted = (int) Math.min(len, remaining);
        int n = channel.read(ByteBuffer.wrap(buffer, off, wanted), position);
        if (n < 0) {
            remaining = 0;
            return -1;
        }
        position += n;
        remaining -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
