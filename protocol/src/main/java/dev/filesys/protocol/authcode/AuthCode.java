package dev.filesys.protocol.authcode;

import java.time.Instant;
import java.util.Objects;

/**
 * The claims of a verified auth code.
 *
 * @param id the {@code jti}: 128 random bits, used once (the file-service records it to refuse replays)
 * @param issuer the {@code iss}: the balancer that signed it
 * @param serverId the {@code aud}: the one file-service the code is for
 * @param issuedAt the {@code iat}
 * @param expiresAt the {@code exp}
 */
public record AuthCode(String id, String issuer, String serverId, Instant issuedAt, Instant expiresAt) {

    public AuthCode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
