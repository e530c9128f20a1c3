package dev.filesys.file.trash;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * An item in the trash, as {@code GET /api/v1/trash} lists it: a file or folder the owner deleted (what was under a
 * deleted folder is not listed on its own; it comes back with the folder).
 *
 * @param kind {@code file} or {@code folder}
 * @param originalPath where it was, e.g. {@code /reports/2026/q3.pdf}
 * @param originalFolderId the folder it was in
 * @param size its bytes (a folder's: everything that went to the trash with it), versions not included
 * @param expiresAt when it is purged by itself
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TrashItemView(
        String kind,
        UUID id,
        String name,
        String originalPath,
        UUID originalFolderId,
        Instant trashedAt,
        long size,
        Instant expiresAt) {}
