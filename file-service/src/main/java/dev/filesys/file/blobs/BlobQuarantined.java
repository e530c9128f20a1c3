package dev.filesys.file.blobs;

/**
 * A blob was taken out of service (its bytes moved aside, its row marked), published on the instance that did it so
 * that what it remembers of the files referencing the blob is read again.
 *
 * @param sha256 the blob's digest
 */
public record BlobQuarantined(String sha256) {}
