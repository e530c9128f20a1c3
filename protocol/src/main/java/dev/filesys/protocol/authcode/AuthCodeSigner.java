package dev.filesys.protocol.authcode;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;

/** Signs auth codes: compact Ed25519 JWS ({@code alg: EdDSA}) with the signing key's {@code kid} in the header. */
public final class AuthCodeSigner {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final OctetKeyPair key;
    private final Ed25519Signer signer;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param key an Ed25519 key pair with a key id (the private part is needed)
     * @param issuer the {@code iss} claim
     * @param lifetime how long a code stays valid
     */
    public AuthCodeSigner(OctetKeyPair key, String issuer, Duration lifetime, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        if (key.getKeyID() == null || !key.isPrivate()) {
            throw new IllegalArgumentException("signing key needs a key id and its private part");
        }
        try {
            this.signer = new Ed25519Signer(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("not an Ed25519 key: " + e.getMessage(), e);
        }
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Signs a new code for {@code serverId}, with a fresh 128-bit {@code jti}. */
    public SignedAuthCode sign(String serverId) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifetime);
        byte[] jti = new byte[16];
        RANDOM.nextBytes(jti);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(serverId)
                .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(jti))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.EdDSA)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing an auth code failed", e);
        }
        return new SignedAuthCode(jwt.serialize(), expiresAt);
    }

    public String keyId() {
        return key.getKeyID();
    }

    /** A signed code and when it expires. */
    public record SignedAuthCode(String code, Instant expiresAt) {}
}
