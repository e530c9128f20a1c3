package dev.filesys.file.versions;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A {@code file_versions} row with its blob's record and its creator's name. */
record VersionRecord(
        UUID id,
        UUID fileId,
        String sha256,
        long size,
        long crc32c,
        boolean quarantined,
        String contentType,
        Instant createdAt,
        @Nullable String createdBy,
        Instant replacedAt) {

    VersionView view() {
        return new VersionView(id, size, sha256, contentType, createdAt, createdBy, replacedAt);
    }
}
