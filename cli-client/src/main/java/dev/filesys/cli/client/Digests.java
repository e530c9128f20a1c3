package dev.filesys.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers: the server's {@code sha256} and {@code ETag} are lower-case hex. */
public final class Digests {

    private Digests() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Feeds the first {@code length} bytes of {@code file} into {@code digest}. */
    static void update(MessageDigest digest, Path file, long length) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        long remaining = length;
        try (InputStream in = Files.newInputStream(file)) {
            while (remaining > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (read < 0) {
                    throw new IOException("the file " + file + " became shorter while it was read");
                }
                digest.update(buffer, 0, read);
                remaining -= read;
            }
        }
    }

    public static String sha256Hex(Path file) throws IOException {
        MessageDigest digest = sha256();
        update(digest, file, Files.size(file));
        return hex(digest);
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
