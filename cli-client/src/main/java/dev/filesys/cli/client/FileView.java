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
 * @param owner the owner's username, or {@code null} when the server did not say
 * @param shares who it is shared with (reported to the owner only; empty otherwise)
 */
public record FileView(
        String fileId,
        String name,
        long size,
        String sha256,
        String contentType,
        Instant createdAt,
        String owner,
        List<ShareView> shares) {

    public FileView {
        shares = shares == null ? List.of() : List.copyOf(shares);
    }
}
