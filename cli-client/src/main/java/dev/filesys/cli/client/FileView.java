package dev.filesys.cli.client;

import java.time.Instant;
import java.util.List;

/**
 * A file's metadata as the server reports it.
 *
 * @param fileId the file's id
 * @param name its name (unique per owner)
 * @param size its size in bytes
 * @param sha256 the SHA-256 of its content, lower-case hex
 * @param contentType its media type, or {@code null}
 * @param createdAt when it was uploaded
 * @param updatedAt when its content was last replaced, or {@code null}
 * @param owner the owner's username
 * @param access {@code owner} or {@code shared}: how the caller may see the file
 * @param sharedUntil for a file shared with the caller, when that share ends ({@code null}: never)
 * @param shares who it is shared with (reported to the owner only; empty otherwise)
 * @param folderId the folder that holds it
 * @param path for the owner: where it is, from the root folder ({@code /reports/q3.pdf}); else {@code null}
 * @param version its version, the ETag's value: grows with every change (0 when the server gave none)
 */
public record FileView(
        String fileId,
        String name,
        long size,
        String sha256,
        String contentType,
        Instant createdAt,
        Instant updatedAt,
        String owner,
        String access,
        Instant sharedUntil,
        List<ShareView> shares,
        String folderId,
        String path,
        long version) {

    public FileView {
        shares = shares == null ? List.of() : List.copyOf(shares);
    }
}
