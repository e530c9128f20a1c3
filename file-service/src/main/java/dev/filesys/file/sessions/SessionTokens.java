package dev.filesys.file.sessions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets (session tokens, server nonces) and the SHA-256 hashes that are all the database keeps of them. */
final class SessionTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionTokens() {}

    /** 256 random bits, base64url without padding (43 characters). */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether {@code secret} hashes to {@code expectedHash}, in time independent of where they differ. */
    static boolean matches(String secret, byte[] expectedHash) {
        return secret != null && expectedHash != null && MessageDigest.isEqual(sha256(secret), expectedHash);
    }
}
