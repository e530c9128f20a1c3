package dev.filesys.file.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.filesys.support.IfMatch;
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
 * @param kind always {@code file}, telling a file from a folder in a listing of both
 * @param folderId the folder that holds it
 * @param path for the owner only: where it is, from the root folder ({@code /reports/2026/q3.pdf})
 * @param version its ETag (the {@code ETag} header is the quoted version): grows with every change
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
        List<Share> shares,
        String kind,
        UUID folderId,
        String path,
        long version) {

    /** The kind of every file view. */
    public static final String KIND = "file";

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
                shares,
                KIND,
                file.folderId(),
                file.folderPath() == null ? null : FilePaths.child(file.folderPath(), file.name()),
                file.version());
    }

    /** The {@code ETag} header value: the quoted version. */
    public String etag() {
        return IfMatch.etag(version);
    }

    /** One user a file is shared with. */
    public record Share(String username, String permission, Instant expiresAt, Instant createdAt) {}
}
