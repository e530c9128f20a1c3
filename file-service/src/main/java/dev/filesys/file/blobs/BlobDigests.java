package dev.filesys.file.blobs;

import java.util.regex.Pattern;

/** The one rule for digests that name blobs: 64 lower-case hex digits, the only thing a blob's location comes from. */
final class BlobDigests {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private BlobDigests() {}

    static boolean isSha256(String candidate) {
        return candidate != null && SHA256_HEX.matcher(candidate).matches();
    }

    /** Returns {@code sha256} when it is a lower-case hex SHA-256, so it can safely become part of a path or key. */
    static String requireSha256(String sha256) {
        if (!isSha256(sha256)) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256");
        }
        return sha256;
    }
}
