package dev.filesys.file.links;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A link's row.
 *
 * @param fileId the linked file, or null for a folder link
 * @param folderId the linked folder, or null for a file link
 * @param passwordHash the Argon2id hash of its password, or null for none
 * @param maxDownloads how many downloads it allows, or null for no limit
 * @param revokedAt when its owner revoked it, or null
 */
record Link(
        UUID id,
        UUID ownerId,
        @Nullable UUID fileId,
        @Nullable UUID folderId,
        String label,
        @Nullable String passwordHash,
        Instant expiresAt,
        @Nullable Integer maxDownloads,
        int downloads,
        Instant createdAt,
        @Nullable Instant revokedAt) {

    /** {@code active}, or why it no longer works: {@code revoked}, {@code expired}, {@code exhausted}. */
    String state(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        if (!expiresAt.isAfter(now)) {
            return "expired";
        }
        if (maxDownloads != null && downloads >= maxDownloads) {
            return "exhausted";
        }
        return "active";
    }

    boolean usable(Instant now) {
        return state(now).equals("active");
    }
}
