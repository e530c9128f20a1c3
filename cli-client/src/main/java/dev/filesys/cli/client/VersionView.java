package dev.filesys.cli.client;

import java.time.Instant;

/**
 * An earlier content of a file, as the server lists it.
 *
 * @param createdBy who stored it, or {@code null} once that user is gone
 * @param replacedAt when it stopped being the file's content
 */
public record VersionView(
        String versionId,
        long size,
        String sha256,
        String contentType,
        Instant createdAt,
        String createdBy,
        Instant replacedAt) {}
