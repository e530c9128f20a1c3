package dev.filesys.cli.client;

import java.time.Instant;

/**
 * A file or folder in the caller's trash.
 *
 * @param kind {@code file} or {@code folder}
 * @param originalPath where it was
 * @param size its bytes (a folder's: what went to the trash with it)
 * @param expiresAt when it is purged by itself
 */
public record TrashItem(
        String kind,
        String id,
        String name,
        String originalPath,
        String originalFolderId,
        Instant trashedAt,
        long size,
        Instant expiresAt) {}
