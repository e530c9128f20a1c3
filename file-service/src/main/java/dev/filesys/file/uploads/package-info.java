/**
 * Resumable uploads with the tus 1.0 protocol (core, creation, checksum, termination, expiration) under
 * {@code /api/v1/uploads/}: state in PostgreSQL and bytes on the shared blob root, so any instance continues an upload.
 */
package dev.filesys.file.uploads;
