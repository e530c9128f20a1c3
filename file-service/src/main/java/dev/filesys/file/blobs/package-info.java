/** Content-addressed blob storage: bytes stored once under their SHA-256, verified by CRC32C on read, swept when unused. */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.blobs;
