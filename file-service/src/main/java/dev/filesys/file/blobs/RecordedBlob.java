package dev.filesys.file.blobs;

import org.jspecify.annotations.Nullable;

/**
 * What a {@code blobs} row says a blob's bytes are.
 *
 * @param chunks the CRC32C of each chunk, or null for a blob stored before chunk CRCs were kept
 */
record RecordedBlob(
        String sha256, long size, long crc32c, @Nullable ChunkCrcs chunks) {}
