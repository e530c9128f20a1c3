package dev.filesys.cli.client;

import java.time.Instant;

/**
 * A public link to a file or folder, as its owner sees it.
 *
 * @param fileId the linked file, or {@code null} for a folder link
 * @param folderId the linked folder, or {@code null} for a file link
 * @param maxDownloads the download limit, or {@code null} for none
 * @param state {@code active}, {@code revoked}, {@code expired} or {@code exhausted}
 * @param token the secret token: only in the answer that created the link
 * @param url the link's address: only in the answer that created the link
 */
public record LinkView(
        String linkId,
        String fileId,
        String folderId,
        String label,
        boolean passwordProtected,
        Instant expiresAt,
        Integer maxDownloads,
        int downloads,
        String state,
        Instant createdAt,
        Instant revokedAt,
        String token,
        String url) {}
