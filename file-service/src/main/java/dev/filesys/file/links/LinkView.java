package dev.filesys.file.links;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A link as its owner sees it.
 *
 * @param fileId the linked file (absent for a folder link)
 * @param folderId the linked folder (absent for a file link)
 * @param state {@code active}, {@code revoked}, {@code expired} or {@code exhausted}
 * @param maxDownloads absent for no limit
 * @param token the link's secret token: only in the answer that created the link, never again
 * @param url the link's address ({@code …/l/<token>}): only in the answer that created the link
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LinkView(
        UUID linkId,
        @Nullable UUID fileId,
        @Nullable UUID folderId,
        String label,
        boolean passwordProtected,
        Instant expiresAt,
        @Nullable Integer maxDownloads,
        int downloads,
        String state,
        Instant createdAt,
        @Nullable Instant revokedAt,
        @Nullable String token,
        @Nullable String url) {

    static LinkView of(Link link, Instant now) {
        return withToken(link, now, null, null);
    }

    static LinkView withToken(Link link, Instant now, @Nullable String token, @Nullable String url) {
        return new LinkView(
                link.id(),
                link.fileId(),
                link.folderId(),
                link.label(),
                link.passwordHash() != null,
                link.expiresAt(),
                link.maxDownloads(),
                link.downloads(),
                link.state(now),
                link.createdAt(),
                link.revokedAt(),
                token,
                url);
    }
}
