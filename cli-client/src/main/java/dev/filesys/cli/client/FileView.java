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
        List<ShareView> shares) {

    public FileView {
        shares = shares == null ? List.of() : List.copyOf(shares);
    }
}
