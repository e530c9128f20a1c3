package dev.filesys.balancer.clustertoken;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.filesys.balancer.BalancerProperties;
import dev.filesys.balancer.MutableClock;
import dev.filesys.balancer.TestProperties;
import dev.filesys.balancer.authcodes.SigningKeys;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The probe tokens for self-registered servers, without a web server: what a file-service's check relies on (the
 * balancer's active key, the probe type, the server's id as audience, a minute's life, no {@code jti}), and that a
 * token is reused for half its life, so probing costs no signature each time.
 */
class ProbeTokensTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final SigningKeys keys = SigningKeys.generated();
    private final BalancerProperties properties = TestProperties.defaults();
    private final ProbeTokens tokens = new ProbeTokens(keys, properties, clock);

    @Test
    void aTokenIsSignedWithTheActiveKeyForOneServerAndAMinute() throws Exception {
        SignedJWT jwt = SignedJWT.parse(tokens.forServer("fs-1"));

        assertThat(jwt.verify(new Ed25519Verifier(keys.active().toPublicJWK()))).isTrue();
        assertThat(jwt.getHeader().getType()).isEqualTo(ProbeTokens.TYPE);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.active().getKeyID());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly("fs-1");
        assertThat(claims.getIssuer()).isEqualTo(properties.issuer());
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(clock.instant());
        assertThat(claims.getExpirationTime().toInstant())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(claims.getJWTID()).as("never an auth code").isNull();
    }

    @Test
    void aTokenIsReusedForHalfItsLifeAndThenRenewed() throws Exception {
        String first = tokens.forServer("fs-1");

        clock.advance(Duration.ofSeconds(29));
        assertThat(tokens.forServer("fs-1")).isEqualTo(first);
        assertThat(tokens.forServer("fs-2")).as("another server's own").isNotEqualTo(first);

        clock.advance(Duration.ofSeconds(1));
        String renewed = tokens.forServer("fs-1");
        assertThat(renewed).isNotEqualTo(first);
        assertThat(SignedJWT.parse(renewed).getJWTClaimsSet().getIssueTime().toInstant())
                .isEqualTo(clock.instant());
    }
}
