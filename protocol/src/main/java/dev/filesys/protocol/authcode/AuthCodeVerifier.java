package dev.filesys.protocol.authcode;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.filesys.protocol.authcode.InvalidAuthCode.Reason;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * Verifies auth codes for one file-service: the signature first (EdDSA only: never {@code none}, never HMAC), then
 * {@code aud} equals this server's id, then the time window with a small clock skew. It does not check replays: that
 * needs the file-service's database.
 */
public final class AuthCodeVerifier {

    /** Longest code accepted at all: a compact Ed25519 JWS with our claims is about 350 characters. */
    private static final int MAX_LENGTH = 4096;

    private final AuthCodeKeys keys;
    private final String serverId;
    private final Duration clockSkew;
    private final Clock clock;

    public AuthCodeVerifier(AuthCodeKeys keys, String serverId, Duration clockSkew, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.serverId = Objects.requireNonNull(serverId, "serverId");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param code a compact JWS as the balancer handed it to the client
     * @return its claims, once signature, audience and time window hold
     * @throws InvalidAuthCode whatever is wrong with it, with the reason
     */
    public AuthCode verify(String code) throws InvalidAuthCode {
        if (code == null || code.isBlank() || code.length() > MAX_LENGTH) {
            throw new InvalidAuthCode(Reason.MALFORMED, "auth code is missing or too long");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(code);
        } catch (ParseException | RuntimeException e) {
            throw new InvalidAuthCode(Reason.MALFORMED, "auth code is not a compact JWS");
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) && !JWSAlgorithm.Ed25519.equals(header.getAlgorithm())) {
            throw new InvalidAuthCode(Reason.UNSUPPORTED_ALGORITHM, "auth code algorithm must be EdDSA");
        }
        String keyId = header.getKeyID();
        if (keyId == null || keyId.isBlank()) {
            throw new InvalidAuthCode(Reason.UNKNOWN_KEY, "auth code names no key id");
        }
        OctetKeyPair key = keys.find(keyId)
                .orElseThrow(() -> new InvalidAuthCode(Reason.UNKNOWN_KEY, "auth code signed with an unknown key"));
        if (!Curve.Ed25519.equals(key.getCurve())) {
            throw new InvalidAuthCode(Reason.UNKNOWN_KEY, "auth code key is not an Ed25519 key");
        }
        try {
            if (!jwt.verify(new Ed25519Verifier(key.toPublicJWK()))) {
                throw new InvalidAuthCode(Reason.BAD_SIGNATURE, "auth code signature does not verify");
            }
        } catch (JOSEException | IllegalStateException e) {
            throw new InvalidAuthCode(Reason.BAD_SIGNATURE, "auth code signature does not verify");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidAuthCode(Reason.MALFORMED, "auth code claims are not a JSON object");
        }
        return checkClaims(claims);
    }

    private AuthCode checkClaims(JWTClaimsSet claims) throws InvalidAuthCode {
        List<String> audience = claims.getAudience();
        if (audience == null || audience.size() != 1 || !serverId.equals(audience.getFirst())) {
            throw new InvalidAuthCode(Reason.WRONG_AUDIENCE, "auth code is for another server");
        }
        String id = claims.getJWTID();
        String issuer = claims.getIssuer();
        Date issued = claims.getIssueTime();
        Date expires = claims.getExpirationTime();
        if (id == null || id.isBlank() || issuer == null || issued == null || expires == null) {
            throw new InvalidAuthCode(Reason.MISSING_CLAIM, "auth code lacks jti, iss, iat or exp");
        }
        Instant now = clock.instant();
        if (!now.isBefore(expires.toInstant().plus(clockSkew))) {
            throw new InvalidAuthCode(Reason.EXPIRED, "auth code has expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (now.plus(clockSkew).isBefore(issued.toInstant())
                || (notBefore != null && now.plus(clockSkew).isBefore(notBefore.toInstant()))) {
            throw new InvalidAuthCode(Reason.NOT_YET_VALID, "auth code is not valid yet");
        }
        return new AuthCode(id, issuer, serverId, issued.toInstant(), expires.toInstant());
    }
}
