package dev.filesys.cli.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A tus upload that was created but not finished. The upload is kept by path on the server side (every file-service
 * can serve it), so it is stored without a host and resolved against whichever server the session is on.
 *
 * @param key identifies the local file and the target name; see {@link #keyOf}
 * @param uploadPath the upload's path (and query) on a file-service, e.g. {@code /api/v1/uploads/4f…}
 * @param localPath the absolute path of the local file
 * @param name the name the file gets on the server
 * @param size the local file's size in bytes when the upload began
 * @param modifiedMillis the local file's modification time when the upload began
 */
public record PendingUpload(
        String key, String uploadPath, String localPath, String name, long size, long modifiedMillis) {

    /** A key that changes when the local file, its size or modification time, or the target name changes. */
    public static String keyOf(String localPath, long size, long modifiedMillis, String name, boolean overwrite) {
        String identity = localPath + '\n' + size + '\n' + modifiedMillis + '\n' + name + '\n' + overwrite;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
