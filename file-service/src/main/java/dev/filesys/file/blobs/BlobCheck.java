package dev.filesys.file.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Reads a stored blob in full and compares its bytes with its row: the length, the CRC32C and, where recorded, the
 * CRC32C of every chunk; optionally computes the SHA-256 too (to prove which bytes these are).
 */
final class BlobCheck {

    private static final int BUFFER = 128 * 1024;

    /** What a check found. */
    enum Verdict {
        INTACT,
        CORRUPTED,
        MISSING
    }

    /**
     * @param detail what differs, for a person; empty when intact
     * @param storedSize the bytes the store holds (-1 when missing)
     * @param sha256 the SHA-256 of the stored bytes when asked for, else null
     * @param crc32c the CRC32C of the stored bytes
     * @param chunks the chunk CRCs of the stored bytes, at the current chunk size
     */
    record Result(
            Verdict verdict,
            String detail,
            long storedSize,
            @Nullable String sha256,
            long crc32c,
            @Nullable ChunkCrcs chunks) {}

    private BlobCheck() {}

    static Result check(BlobStore store, RecordedBlob blob, ReadPace pace, boolean digest)
            throws IOException, InterruptedException {
        InputStream in;
        try {
            in = store.open(blob.sha256(), 0, Long.MAX_VALUE);
        } catch (BlobNotStored e) {
            return new Result(Verdict.MISSING, "no bytes are stored under the digest", -1, null, 0, null);
        }
        MessageDigest sha256 = digest ? StagingArea.sha256() : null;
        CRC32C crc = new CRC32C();
        int chunkSize =
                blob.chunks() == null ? ChunkCrcs.CHUNK_SIZE : blob.chunks().chunkSize();
        ChunkCrcs.Accumulator chunks = new ChunkCrcs.Accumulator(chunkSize);
        long total = 0;
        try (in) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                crc.update(buffer, 0, n);
                chunks.update(buffer, 0, n);
                if (sha256 != null) {
                    sha256.update(buffer, 0, n);
                }
                total += n;
                pace.read(n);
            }
        }
        ChunkCrcs found = chunks.finish();
        String hex = sha256 == null ? null : HexFormat.of().formatHex(sha256.digest());
        String problem = differences(blob, total, crc.getValue(), found);
        return new Result(
                problem == null ? Verdict.INTACT : Verdict.CORRUPTED,
                problem == null ? "" : problem,
                total,
                hex,
                crc.getValue(),
                found);
    }

    private static @Nullable String differences(RecordedBlob blob, long size, long crc32c, ChunkCrcs found) {
        if (size != blob.size()) {
            return size + " bytes stored, " + blob.size() + " recorded";
        }
        ChunkCrcs recorded = blob.chunks();
        if (recorded != null) {
            for (int i = 0; i < Math.min(recorded.count(), found.count()); i++) {
                if (recorded.crcOf(i) != found.crcOf(i)) {
                    return "chunk " + i + " (from byte " + (long) i * recorded.chunkSize() + ") fails its CRC32C";
                }
            }
        }
        if (crc32c != blob.crc32c()) {
            return "CRC32C %08x, recorded %08x".formatted(crc32c, blob.crc32c());
        }
        return null;
    }
}
