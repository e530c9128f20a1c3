package dev.filesys.balancer.clustertoken;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.filesys.balancer.BalancerProperties;
import dev.filesys.balancer.authcodes.SigningKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Short-lived credentials for availability probes of self-registered servers. Such a server's URL is only what a
 * registration said, so the cluster token is never sent there; the probe carries a JWS the balancer signs with its
 * auth-code key instead ({@code typ: filesys-probe+jwt}, {@code aud}: the server's id, a minute's lifetime, no
 * {@code jti}). A file-service checks it against the balancer's JWKS as it checks auth codes; it opens nothing but the
 * availability answer, and an auth-code check refuses it (no {@code jti}, another type). Tokens are reused for half
 * their life, so probing costs no signature each time.
 */
@Component
public class ProbeTokens {

    /** The JOSE {@code typ} of probe tokens; file-services accept nothing else on the probe. */
    public static final JOSEObjectType TYPE = new JOSEObjectType("filesys-probe+jwt");

    static final Duration LIFETIME = Duration.ofMinutes(1);

    private record Issued(String token, Instant renewAfter) {}

    private final SigningKeys keys;
    private final String issuer;
    private final Clock clock;
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();

    public ProbeTokens(SigningKeys keys, BalancerProperties properties, Clock clock) {
        this.keys = keys;
        this.issuer = properties.issuer();
        this.clock = clock;
    }

    /** A probe token for the server with this id, valid for at least half a minute. */
    public String forServer(String serverId) {
        Instant now = clock.instant();
        Issued current = issued.get(serverId);
        if (current != null && now.isBefore(current.renewAfter())) {
            return current.token();
        }
        Issued fresh = new Issued(sign(serverId, now), now.plus(LIFETIME.dividedBy(2)));
        issued.put(serverId, fresh);
        return fresh.token();
    }

    private String sign(String serverId, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(serverId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.EdDSA)
                .keyID(keys.active().getKeyID())
                .type(TYPE)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new Ed25519Signer(keys.active()));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a probe token failed", e);
        }
        return jwt.serialize();
    }
}
