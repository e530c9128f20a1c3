package dev.filesys.file.blobs;

/**
 * Bytes written to a blob store and made durable, but not yet visible under their digest.
 *
 * @param sha256 lower-case hex SHA-256 of the bytes: their identity and future address
 * @param size the number of bytes
 * @param crc32c the CRC32C of the bytes, checked whenever the whole blob is read back
 * @param chunkCrcs the CRC32C of each chunk of the bytes, checked whenever part of the blob is read back
 * @param location where the store keeps it meanwhile; meaningful to the store only
 */
public record StagedBlob(String sha256, long size, long crc32c, ChunkCrcs chunkCrcs, String location) {}
