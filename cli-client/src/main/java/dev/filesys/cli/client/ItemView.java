package dev.filesys.cli.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A file or a folder as the server shows it in a folder's listing, by path ({@code GET /items?path=}) or by id: the
 * fields of both kinds, those of the other kind absent.
 *
 * @param kind {@code file} or {@code folder}
 * @param fileId a file's id ({@code null} for a folder)
 * @param folderId a folder's own id, or for a file the folder that holds it
 * @param parentId for a folder, the folder above it ({@code null} for the root folder and for a file)
 * @param name its name ({@code null} for the root folder)
 * @param size a file's size in bytes ({@code null} for a folder)
 * @param sha256 a file's SHA-256, lower-case hex
 * @param contentType a file's media type, or {@code null}
 * @param createdAt when it was made
 * @param updatedAt when it last changed, or {@code null}
 * @param owner the owner's username
 * @param access {@code owner} or {@code shared}
 * @param path for the owner: where it is, from the root folder ({@code /reports/2026/q3.pdf}); else {@code null}
 * @param version its version, the ETag's value: grows with every change
 * @param sharedUntil for a sharee, when the share ends ({@code null}: never)
 * @param shares for the owner's request of one item: who it is shared with
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemView(
        String kind,
        String fileId,
        String folderId,
        String parentId,
        String name,
        Long size,
        String sha256,
        String contentType,
        Instant createdAt,
        Instant updatedAt,
        String owner,
        String access,
        String path,
        long version,
        Instant sharedUntil,
        List<ShareView> shares) {

    /** The kind of a folder. */
    public static final String FOLDER = "folder";

    public ItemView {
        shares = shares == null ? List.of() : List.copyOf(shares);
    }

    /** The item a file's view describes. */
    public static ItemView of(FileView file) {
        return new ItemView(
                "file",
                file.fileId(),
                file.folderId(),
                null,
                file.name(),
                file.size(),
                file.sha256(),
                file.contentType(),
                file.createdAt(),
                file.updatedAt(),
                file.owner(),
                file.access(),
                file.path(),
                file.version(),
                file.sharedUntil(),
                file.shares());
    }

    /** Whether it is a folder. */
    @JsonIgnore
    public boolean isFolder() {
        return FOLDER.equals(kind);
    }

    /** Its own id: the folder's or the file's. */
    @JsonIgnore
    public String id() {
        return isFolder() ? folderId : fileId;
    }

    /** The {@code If-Match} value that names this version of it, or {@code null} when the server gave none. */
    @JsonIgnore
    public String etag() {
        return version > 0 ? "\"" + version + "\"" : null;
    }

    /** Its size, 0 for a folder. */
    @JsonIgnore
    public long bytes() {
        return size == null ? 0 : size;
    }

    /** A file item as the file view that downloads take. */
    public FileView asFile() {
        return new FileView(
                fileId,
                name,
                bytes(),
                sha256,
                contentType,
                createdAt,
                updatedAt,
                owner,
                access,
                sharedUntil,
                shares,
                folderId,
                path,
                version);
    }
}
