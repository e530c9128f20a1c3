package dev.filesys.file.files;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A file as one caller sees it: its row, its blob's record, and how the caller may reach it.
 *
 * @param owned whether the caller owns it (otherwise it was shared with them)
 * @param sharedUntil when the caller's share expires; null for the owner and for a share without expiry
 * @param folderId the folder that holds it
 * @param version its ETag: grows with every change of the row
 * @param folderPath for the owner, the path of its folder ({@code /} for the root folder); null for a sharee
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
        @Nullable Instant sharedUntil,
        UUID folderId,
        long version,
        @Nullable String folderPath) {}
