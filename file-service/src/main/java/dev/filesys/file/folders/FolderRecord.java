package dev.filesys.file.folders;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A folder as one caller sees it.
 *
 * @param parentId the folder above it; null for a root folder
 * @param owned whether the caller owns it (otherwise a folder share reaches it)
 * @param sharedUntil when the caller's folder share expires; null for the owner and for a share without expiry
 * @param path for the owner, where it is ({@code /} for the root folder); null for a sharee
 */
record FolderRecord(
        UUID id,
        UUID ownerId,
        String ownerName,
        @Nullable UUID parentId,
        String name,
        long version,
        Instant createdAt,
        Instant updatedAt,
        boolean owned,
        @Nullable Instant sharedUntil,
        @Nullable String path) {}
