package dev.filesys.file.files;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A file as one caller sees it: its row, its blob's record, and how the caller may reach it.
 *
 * @param owned whether the caller owns it (otherwise it was shared with them)
 * @param sharedUntil when the caller's share expires; null for the owner and for a share without expiry
 */
record FileRecord(
        UUID id,
        UUID ownerId,
        String ownerName,
        String name,
        String sha256,
        long size,
        long crc32c,
        boolean quarantined,
        String contentType,
        Instant createdAt,
        Instant updatedAt,
        boolean owned,
        @Nullable Instant sharedUntil) {}
