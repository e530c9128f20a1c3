package dev.filesys.file.links;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A link's token, and the access token that a password-protected link's right password earns.
 *
 * <p>A link's token is 32 random bytes (256 bits) in base64url without padding: exactly 43 characters of
 * {@code [A-Za-z0-9_-]}. Only its SHA-256 is stored. Anything else is refused before the database is asked.
 *
 * <p>An access token is {@code <expiry in epoch seconds>.<base64url HMAC-SHA256>}, the MAC over the link's id and the
 * expiry, keyed with the link's stored password hash: any instance can check it with what the database holds, it is good
 * for that one link only, and changing (or removing) the password voids every token given for the old one.
 */
final class LinkTokens {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern ACCESS = Pattern.compile("([0-9]{1,12})\\.([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private LinkTokens() {}

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** Whether {@code token} could be a link's token at all (checked before any database work). */
    static boolean wellFormed(String token) {
        return token.length() == 43 && FORMAT.matcher(token).matches();
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String access(UUID linkId, String passwordHash, Instant expiresAt) {
        return expiresAt.getEpochSecond() + "." + ENCODER.encodeToString(mac(linkId, passwordHash, expiresAt));
    }

    /** Whether {@code token} is an access token for this link and password that has not expired at {@code now}. */
    static boolean accessValid(String token, UUID linkId, String passwordHash, Instant now) {
        var matcher = ACCESS.matcher(token);
        if (token.length() > 64 || !matcher.matches()) {
            return false;
        }
        Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(matcher.group(1)));
        byte[] expected = mac(linkId, passwordHash, expiresAt);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(matcher.group(2));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given) && now.isBefore(expiresAt);
    }

    private static byte[] mac(UUID linkId, String passwordHash, Instant expiresAt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(passwordHash.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(ByteBuffer.allocate(24)
                    .putLong(linkId.getMostSignificantBits())
                    .putLong(linkId.getLeastSignificantBits())
                    .putLong(expiresAt.getEpochSecond())
                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
