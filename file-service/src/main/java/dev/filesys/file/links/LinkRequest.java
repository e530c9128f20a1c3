package dev.filesys.file.links;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/links}: exactly one of {@code fileId} and {@code folderId}.
 *
 * @param expiresAt when the link stops working; absent for the deployment's default ({@code filesys.links.default-expiry},
 *     7 days), never later than its maximum ({@code filesys.links.max-expiry}, 90 days)
 * @param password a password the link's holder must give too (1 to 1024 characters); absent for none
 * @param maxDownloads how many downloads the link allows (1 to 1,000,000); absent for no limit
 * @param label a note for the owner (at most 200 characters)
 */
record LinkRequest(
        @Nullable UUID fileId,
        @Nullable UUID folderId,
        @Nullable Instant expiresAt,
        @Nullable String password,
        @Nullable Integer maxDownloads,
        @Nullable String label) {}
