package dev.filesys.file.availability;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.filesys.file.FileServiceProperties;
import dev.filesys.protocol.authcode.AuthCodeKeys;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Checks the balancer's probe tokens: the short-lived JWS a balancer shows a self-registered file-service instead of
 * the cluster token (it never sends the token to a URL it was merely told about). Accepted only when signed with one of
 * the balancer's keys (the JWKS auth codes are checked against), of type {@code filesys-probe+jwt}, for this server's
 * id, and within its lifetime. It opens the availability answer and nothing else; an auth code (another type, with a
 * {@code jti}) is never one, and a probe token is never an auth code.
 */
@Component
class ProbeTokenVerifier {

    static final JOSEObjectType TYPE = new JOSEObjectType("filesys-probe+jwt");
    private static final int MAX_LENGTH = 2048;

    private final AuthCodeKeys keys;
    private final String serverId;
    private final Duration clockSkew;
    private final Clock clock;

    ProbeTokenVerifier(AuthCodeKeys keys, FileServiceProperties properties, Clock clock) {
        this.keys = keys;
        this.clock = clock;
        this.serverId = properties.server().id();
        this.clockSkew = properties.sessions().authCodeClockSkew();
    }

    /** Whether {@code token} is a valid probe token for this server. */
    boolean accepts(String token) {
        return accepts(token, keys::find);
    }

    /**
     * Signs a probe token with a throwaway key and checks it as a balancer's would be: the first check loads and
     * initialises the JOSE and Ed25519 code (hundreds of milliseconds on a fresh JVM), which must not be the balancer's
     * first probe, or that probe times out.
     *
     * @return whether the check passed (it does unless the code is broken)
     */
    boolean warmUp() {
        try {
            OctetKeyPair throwaway =
                    new OctetKeyPairGenerator(Curve.Ed25519).keyID("warm-up").generate();
            Instant now = clock.instant();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.EdDSA)
                            .type(TYPE)
                            .keyID(throwaway.getKeyID())
                            .build(),
                    new JWTClaimsSet.Builder()
                            .audience(serverId)
                            .issueTime(Date.from(now))
                            .expirationTime(Date.from(now.plusSeconds(60)))
                            .build());
            jwt.sign(new Ed25519Signer(throwaway));
            return accepts(
                    jwt.serialize(),
                    kid -> kid.equals(throwaway.getKeyID()) ? Optional.of(throwaway) : Optional.empty());
        } catch (JOSEException e) {
            return false;
        }
    }

    private boolean accepts(String token, Function<String, Optional<OctetKeyPair>> keyById) {
        if (token == null
                || token.length() > MAX_LENGTH
                || token.chars().filter(c -> c == '.').count() != 2) {
            return false;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWSHeader header = jwt.getHeader();
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) || !TYPE.equals(header.getType())) {
                return false;
            }
            Optional<OctetKeyPair> key = Optional.ofNullable(header.getKeyID()).flatMap(keyById);
            if (key.isEmpty() || !jwt.verify(new Ed25519Verifier(key.get().toPublicJWK()))) {
                return false;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            List<String> audience = claims.getAudience();
            Date expires = claims.getExpirationTime();
            return audience != null
                    && audience.equals(List.of(serverId))
                    && claims.getJWTID() == null
                    && expires != null
                    && clock.instant().isBefore(expires.toInstant().plus(clockSkew))
                    && !tooEarly(claims.getIssueTime());
        } catch (ParseException | JOSEException | RuntimeException e) {
            return false;
        }
    }

    private boolean tooEarly(Date issued) {
        return issued == null || clock.instant().plus(clockSkew).isBefore(issued.toInstant());
    }
}
