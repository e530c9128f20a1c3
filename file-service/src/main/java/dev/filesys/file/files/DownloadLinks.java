package dev.filesys.file.files;

import dev.filesys.file.FileServiceProperties;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Issues and checks download links' tokens: the file, the user it downloads for and an expiry, signed with
 * HMAC-SHA256 under a key this instance draws at start-up (so no secret is configured, and a restart voids every
 * link, which live seconds anyway). A token names one file for one user and is worth nothing for anything else; the
 * user's access is checked again at each use, so a revoked share or a deleted file stops its links at once.
 *
 * <p>The token: base64url of {@code version (1) | fileId (16) | userId (16) | expiry in epoch seconds (8)}, a dot, and
 * base64url of the MAC over those 41 bytes.
 */
@Component
class DownloadLinks {

    private static final byte VERSION = 1;
    private static final int PAYLOAD_BYTES = 1 + 16 + 16 + 8;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    @Autowired
    DownloadLinks(FileServiceProperties properties, Clock clock) {
        this(randomKey(), properties.downloadLinks().ttl(), clock);
    }

    DownloadLinks(byte[] key, Duration ttl, Clock clock) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A link's token and when it stops working. */
    record Issued(String token, Instant expiresAt) {}

    Issued issue(UUID userId, UUID fileId) {
        Instant expiresAt = clock.instant().plus(ttl);
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_BYTES)
                .put(VERSION)
                .putLong(fileId.getMostSignificantBits())
                .putLong(fileId.getLeastSignificantBits())
                .putLong(userId.getMostSignificantBits())
                .putLong(userId.getLeastSignificantBits())
                .putLong(expiresAt.getEpochSecond());
        byte[] bytes = payload.array();
        return new Issued(ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes)), expiresAt);
    }

    /**
     * @return the user the token downloads {@code fileId} for
     * @throws InvalidDownloadLink when the token is malformed, tampered with, from another instance (or an earlier run)
     *     or for another file
     * @throws DownloadLinkExpired when it was good but its time is up
     */
    UUID verify(String token, UUID fileId) {
        int dot = token.indexOf('.');
        if (dot < 0 || token.length() > 200) {
            throw new InvalidDownloadLink();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidDownloadLink();
        }
        if (payload.length != PAYLOAD_BYTES || !MessageDigest.isEqual(mac(payload), signature)) {
            throw new InvalidDownloadLink();
        }
        ByteBuffer fields = ByteBuffer.wrap(payload);
        if (fields.get() != VERSION) {
            throw new InvalidDownloadLink();
        }
        UUID linkedFile = new UUID(fields.getLong(), fields.getLong());
        UUID user = new UUID(fields.getLong(), fields.getLong());
        Instant expiresAt = Instant.ofEpochSecond(fields.getLong());
        if (!linkedFile.equals(fileId)) {
            throw new InvalidDownloadLink();
        }
        if (!clock.instant().isBefore(expiresAt)) {
            throw new DownloadLinkExpired();
        }
        return user;
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
