/**
 * Resumable uploads with the tus 1.0 protocol (core, creation, checksum, termination, expiration) under
 * {@code /api/v1/uploads/}: state in PostgreSQL and bytes where the blobs are (under the shared root, or in the bucket), so any instance
 * continues and completes an upload.
 */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.uploads;
