package dev.filesys.file.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Hands out {@code length} bytes of a blob from {@code offset} on, reading the source (opened at the start of the chunk
 * that holds {@code offset}) one whole chunk at a time and checking each chunk's CRC32C before any of its bytes is handed
 * out: a reader of a damaged chunk gets an {@link IntegrityViolation} instead of its bytes. Only the requested part of a
 * chunk is held (at most one chunk), the rest passes through the checksum in small pieces.
 */
final class ChunkCheckingInputStream extends BlockInputStream {

    private static final int SCRATCH_SIZE = 16 * 1024;

    private final InputStream source;
    private final ChunkCrcs crcs;
    private final int firstChunk;
    private final long blobSize;
    private final Runnable onViolation;
    private final byte[] held;
    private byte[] scratch;
    private int nextChunk;
    private long skipInNextChunk;
    private long remaining;
    private int heldPosition;
    private int heldEnd;
    private String failure;

    /**
     * @param source the blob's bytes from the start of chunk {@code firstChunk} on
     * @param crcs the CRCs of chunks {@code firstChunk} on (at least up to the chunk holding the last byte wanted)
     * @param blobSize the blob's size as recorded, which fixes the size of its last chunk
     * @param onViolation runs once before a violation is thrown
     */
    ChunkCheckingInputStream(
            InputStream source,
            ChunkCrcs crcs,
            int firstChunk,
            long blobSize,
            long offset,
            long length,
            Runnable onViolation) {
        long chunkSize = crcs.chunkSize();
        if (offset < 0 || length <= 0 || offset + length > blobSize || offset / chunkSize != firstChunk) {
            throw new IllegalArgumentException(
                    "a range of at least one byte inside the blob, from chunk " + firstChunk);
        }
        this.source = source;
        this.crcs = crcs;
        this.firstChunk = firstChunk;
        this.blobSize = blobSize;
        this.onViolation = onViolation;
        this.held = new byte[(int) Math.min(chunkSize, length)];
        this.nextChunk = firstChunk;
        this.skipInNextChunk = offset - firstChunk * chunkSize;
        this.remaining = length;
    }

    /** Reads and checks the first chunk now, so that a damaged one is known before anything is sent. */
    void checkFirstChunk() throws IOException {
        if (failure == null && heldPosition == heldEnd && remaining > 0) {
            loadNextChunk();
        }
    }

    @Override
    protected int readBlock(byte[] buffer, int off, int len) throws IOException {
        if (failure != null) {
            throw new IntegrityViolation(failure);
        }
        if (heldPosition == heldEnd) {
            if (remaining == 0) {
                return -1;
            }
            loadNextChunk();
        }
        int n = Math.min(len, heldEnd - heldPosition);
        System.arraycopy(held, heldPosition, buffer, off, n);
        heldPosition += n;
        remaining -= n;
        return n;
    }

    private void loadNextChunk() throws IOException {
        long chunkStart = (long) nextChunk * crcs.chunkSize();
        long chunkLength = Math.min(crcs.chunkSize(), blobSize - chunkStart);
        int wanted = (int) Math.min(chunkLength - skipInNextChunk, remaining);
        CRC32C crc = new CRC32C();
        passThrough(skipInNextChunk, crc);
        if (source.readNBytes(held, 0, wanted) < wanted) {
            throw violation("the blob is shorter than recorded");
        }
        crc.update(held, 0, wanted);
        passThrough(chunkLength - skipInNextChunk - wanted, crc);
        if (crc.getValue() != crcs.crcOf(nextChunk - firstChunk)) {
            throw violation("chunk " + nextChunk + " of the blob does not match its CRC32C recorded at upload");
        }
        nextChunk++;
        skipInNextChunk = 0;
        heldPosition = 0;
        heldEnd = wanted;
    }

    /** Reads {@code count} bytes of the source into the checksum only. */
    private void passThrough(long count, CRC32C crc) throws IOException {
        if (count > 0 && scratch == null) {
            scratch = new byte[SCRATCH_SIZE];
        }
        while (count > 0) {
            int n = source.read(scratch, 0, (int) Math.min(scratch.length, count));
            if (n < 0) {
                throw violation("the blob is shorter than recorded");
            }
            crc.update(scratch, 0, n);
            count -= n;
        }
    }

    private IntegrityViolation violation(String message) {
        // nothing of the damaged chunk is handed out, and every later read fails too
        failure = message;
        heldPosition = heldEnd = 0;
        onViolation.run();
        return new IntegrityViolation(message);
    }

    @Override
    public long skip(long n) {
        return 0;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
