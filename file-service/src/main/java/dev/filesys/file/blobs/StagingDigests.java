package dev.filesys.file.blobs;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/** The digests a staged blob is recorded with, computed over its bytes handed in order, in pieces of any size. */
final class StagingDigests {

    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256 = StagingArea.sha256();
    private final CRC32C crc = new CRC32C();
    private final ChunkCrcs.Accumulator chunkCrcs = new ChunkCrcs.Accumulator(ChunkCrcs.CHUNK_SIZE);

    void update(byte[] buffer, int offset, int length) {
        sha256.update(buffer, offset, length);
        crc.update(buffer, offset, length);
        chunkCrcs.update(buffer, offset, length);
    }

    /** The staged blob of the bytes digested, {@code size} of them, kept at {@code location}; ends the digests. */
    StagedBlob staged(long size, String location) {
        return new StagedBlob(HEX.formatHex(sha256.digest()), size, crc.getValue(), chunkCrcs.finish(), location);
    }
}
