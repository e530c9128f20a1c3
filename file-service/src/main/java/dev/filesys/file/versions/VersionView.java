package dev.filesys.file.versions;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An earlier content of a file, as {@code GET /api/v1/files/{fileId}/versions} lists it.
 *
 * @param createdAt when this content was stored
 * @param createdBy who stored it (absent once that user is gone)
 * @param replacedAt when it stopped being the file's content
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record VersionView(
        UUID versionId,
        long size,
        String sha256,
        String contentType,
        Instant createdAt,
        @Nullable String createdBy,
        Instant replacedAt) {}
