package dev.filesys.file.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A file as the API shows it.
 *
 * @param owner the owner's username
 * @param access {@code owner} or {@code shared}: how the caller reaches the file
 * @param sharedUntil for a sharee, when their share expires (absent when it does not)
 * @param shares for the owner's metadata request only: who the file is shared with
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileView(
        UUID fileId,
        String name,
        long size,
        String sha256,
        String contentType,
        Instant createdAt,
        Instant updatedAt,
        String owner,
        String access,
        Instant sharedUntil,
        List<Share> shares) {

    static FileView of(FileRecord file, List<Share> shares) {
        return new FileView(
                file.id(),
                file.name(),
                file.size(),
                file.sha256(),
                file.contentType(),
                file.createdAt(),
                file.updatedAt(),
                file.ownerName(),
                file.owned() ? "owner" : "shared",
                file.sharedUntil(),
                shares);
    }

    /** One user a file is shared with. */
    public record Share(String username, String permission, Instant expiresAt, Instant createdAt) {}
}
