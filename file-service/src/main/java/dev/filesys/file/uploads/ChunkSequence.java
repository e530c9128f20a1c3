package dev.filesys.file.uploads;

import dev.filesys.file.blobs.BlockInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;

/**
 * The bytes of an upload's chunks one after the other, opening one piece at a time (so one connection or file handle
 * is open at once, whatever the number of chunks); each piece gives exactly its recorded length, and a shorter one
 * fails the read.
 */
final class ChunkSequence extends BlockInputStream {

    /** Opens the piece of one chunk. */
    @FunctionalInterface
    interface Opener {
        InputStream open(ChunkStore.Chunk chunk) throws IOException;
    }

    private final Iterator<ChunkStore.Chunk> remaining;
    private final Opener opener;
    private InputStream current;
    private long currentRemaining;

    ChunkSequence(List<ChunkStore.Chunk> chunks, Opener opener) {
        this.remaining = List.copyOf(chunks).iterator();
        this.opener = opener;
    }

    @Override
    protected int readBlock(byte[] b, int off, int len) throws IOException {
        while (current == null || currentRemaining == 0) {
            closeCurrent();
            if (!remaining.hasNext()) {
                return -1;
            }
            ChunkStore.Chunk chunk = remaining.next();
            currentRemaining = chunk.length();
            current = opener.open(chunk);
        }
        int n = current.read(b, off, (int) Math.min(len, currentRemaining));
        if (n < 0) {
            throw new IOException("an upload chunk is shorter than recorded");
        }
        currentRemaining -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            InputStream closing = current;
            current = null;
            closing.close();
        }
    }
}
