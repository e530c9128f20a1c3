package dev.filesys.file.blobs;

import java.util.zip.CRC32C;

/**
 * The CRC32C of each fixed-size chunk of a blob (the last chunk may be shorter), as 4 big-endian bytes per chunk: what a
 * Range read checks before it sends any byte of a chunk. The chunk size is stored with the CRCs, so it can change for
 * new blobs without breaking the ones already stored.
 */
public final class ChunkCrcs {

    /** The chunk size of blobs staged now. */
    public static final int CHUNK_SIZE = 1024 * 1024;

    private final int chunkSize;
    private final byte[] crcs;

    ChunkCrcs(int chunkSize, byte[] crcs) {
        if (chunkSize <= 0 || crcs.length % 4 != 0) {
            throw new IllegalArgumentException("a chunk size above 0 and 4 bytes per chunk");
        }
        this.chunkSize = chunkSize;
        this.crcs = crcs;
    }

    int chunkSize() {
        return chunkSize;
    }

    /** The CRCs as stored: 4 big-endian bytes per chunk, in order. */
    byte[] bytes() {
        return crcs.clone();
    }

    int count() {
        return crcs.length / 4;
    }

    /** The CRC32C of the {@code index}-th chunk these CRCs hold. */
    long crcOf(int index) {
        int at = index * 4;
        return ((crcs[at] & 0xffL) << 24)
                | ((crcs[at + 1] & 0xffL) << 16)
                | ((crcs[at + 2] & 0xffL) << 8)
                | (crcs[at + 3] & 0xffL);
    }

    /** Computes the chunk CRCs of bytes handed to it in order, in pieces of any size. */
    static final class Accumulator {

        private final int chunkSize;
        private final CRC32C crc = new CRC32C();
        private byte[] crcs = new byte[64];
        private int count;
        private int filled;

        Accumulator(int chunkSize) {
            this.chunkSize = chunkSize;
        }

        void update(byte[] buffer, int off, int len) {
            while (len > 0) {
                int n = Math.min(len, chunkSize - filled);
                crc.update(buffer, off, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == chunkSize) {
                    endChunk();
                }
            }
        }

        ChunkCrcs finish() {
            if (filled > 0) {
                endChunk();
            }
            byte[] exact = new byte[count * 4];
            System.arraycopy(crcs, 0, exact, 0, exact.length);
            return new ChunkCrcs(chunkSize, exact);
        }

        private void endChunk() {
            if (count * 4 == crcs.length) {
                byte[] larger = new byte[crcs.length * 2];
                System.arraycopy(crcs, 0, larger, 0, crcs.length);
                crcs = larger;
            }
            long value = crc.getValue();
            int at = count * 4;
            crcs[at] = (byte) (value >>> 24);
            crcs[at + 1] = (byte) (value >>> 16);
            crcs[at + 2] = (byte) (value >>> 8);
            crcs[at + 3] = (byte) value;
            count++;
            crc.reset();
            filled = 0;
        }
    }
}
