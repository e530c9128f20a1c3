package dev.filesys.file.folders;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.filesys.support.IfMatch;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A folder as the API shows it.
 *
 * @param kind always {@code folder}, telling a folder from a file in a listing of both
 * @param parentId the folder above it (absent for a root folder)
 * @param path for the owner only: where it is ({@code /} for the root folder, {@code /reports/2026} below it)
 * @param version its ETag (the {@code ETag} header is the quoted version): grows with every change of the folder
 * @param owner the owner's username
 * @param access {@code owner} or {@code shared}: how the caller reaches it
 * @param sharedUntil for a sharee, when their folder share expires (absent when it does not)
 * @param shares for the owner's request of one folder only: who it is shared with
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FolderView(
        String kind,
        UUID folderId,
        String name,
        UUID parentId,
        String path,
        long version,
        Instant createdAt,
        Instant updatedAt,
        String owner,
        String access,
        Instant sharedUntil,
        List<Share> shares) {

    /** The kind of every folder view. */
    public static final String KIND = "folder";

    static FolderView of(FolderRecord folder, List<Share> shares) {
        return new FolderView(
                KIND,
                folder.id(),
                folder.name(),
                folder.parentId(),
                folder.path(),
                folder.version(),
                folder.createdAt(),
                folder.updatedAt(),
                folder.ownerName(),
                folder.owned() ? "owner" : "shared",
                folder.sharedUntil(),
                shares);
    }

    /** The {@code ETag} header value: the quoted version. */
    public String etag() {
        return IfMatch.etag(version);
    }

    /** One user a folder is shared with. */
    public record Share(String username, String permission, Instant expiresAt, Instant createdAt) {}
}
