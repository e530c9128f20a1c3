package dev.filesys.file.availability;

import static dev.filesys.file.testsupport.ProblemMatchers.problem;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.sessions.SessionService;
import dev.filesys.protocol.Availability;
import dev.filesys.protocol.authcode.AuthCodeKeys;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

/** The HTTP contract of the balancer's probe. */
@WebMvcTest(AvailabilityController.class)
@Import({ProbeGuard.class, ProbeTokenVerifier.class})
@EnableConfigurationProperties(FileServiceProperties.class)
@TestPropertySource(properties = "filesys.balancer.cluster-token=secret")
class AvailabilityControllerContractTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    InstanceAvailability availability;

    @MockitoBean
    SessionService sessions;

    @MockitoBean
    AuthCodeKeys keys;

    private static final OctetKeyPair BALANCER_KEY = generate();

    @Test
    void yesCarriesTheCountsAndANullReason() throws Exception {
        given(availability.current()).willReturn(new Availability(true, 3, 10, null, "file-1"));

        mvc.perform(get("/internal/v1/availability").header("Authorization", "Bearer secret"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(content()
                        .json(
                                "{\"available\":true,\"activeSessions\":3,\"capacity\":10,\"reason\":null,\"serverId\":\"file-1\"}",
                                JsonCompareMode.STRICT));
    }

    @Test
    void noCarriesTheReason() throws Exception {
        given(availability.current()).willReturn(new Availability(false, 10, 10, "AT_CAPACITY", "file-1"));

        mvc.perform(get("/internal/v1/availability").header("Authorization", "Bearer secret"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .json(
                                "{\"available\":false,\"activeSessions\":10,\"capacity\":10,\"reason\":\"AT_CAPACITY\",\"serverId\":\"file-1\"}",
                                JsonCompareMode.STRICT));
    }

    @Test
    void theBalancersProbeTokenForThisServerIsTakenInsteadOfTheClusterToken() throws Exception {
        given(availability.current()).willReturn(new Availability(true, 0, 10, null, "file-1"));
        given(keys.find(BALANCER_KEY.getKeyID())).willReturn(Optional.of(BALANCER_KEY.toPublicJWK()));

        mvc.perform(get("/internal/v1/availability")
                        .header("Authorization", "Bearer " + sign(ProbeTokenVerifier.TYPE, "file-1", null, 60)))
                .andExpect(status().isOk());
        // for another server, expired, of another type, or with a jti (an auth code): refused
        for (String refused : List.of(
                sign(ProbeTokenVerifier.TYPE, "file-2", null, 60),
                sign(ProbeTokenVerifier.TYPE, "file-1", null, -60),
                sign(JOSEObjectType.JWT, "file-1", null, 60),
                sign(ProbeTokenVerifier.TYPE, "file-1", "an-auth-code-id", 60))) {
            mvc.perform(get("/internal/v1/availability").header("Authorization", "Bearer " + refused))
                    .andExpect(problem(401, "INVALID_CLUSTER_TOKEN", "/internal/v1/availability"));
        }
        // signed with a key the balancer does not publish
        OctetKeyPair stranger = generate();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.EdDSA)
                .keyID(BALANCER_KEY.getKeyID())
                .type(ProbeTokenVerifier.TYPE)
                .build();
        SignedJWT forged = new SignedJWT(header, claims("file-1", null, 60));
        forged.sign(new Ed25519Signer(stranger));
        mvc.perform(get("/internal/v1/availability").header("Authorization", "Bearer " + forged.serialize()))
                .andExpect(problem(401, "INVALID_CLUSTER_TOKEN", "/internal/v1/availability"));
    }

    private static String sign(JOSEObjectType type, String audience, String jti, int lifetimeSeconds) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.EdDSA)
                        .keyID(BALANCER_KEY.getKeyID())
                        .type(type)
                        .build(),
                claims(audience, jti, lifetimeSeconds));
        jwt.sign(new Ed25519Signer(BALANCER_KEY));
        return jwt.serialize();
    }

    private static JWTClaimsSet claims(String audience, String jti, int lifetimeSeconds) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer("filesys-balancer")
                .audience(audience)
                .jwtID(jti)
                .issueTime(Date.from(now.minusSeconds(Math.max(0, -lifetimeSeconds) + 1)))
                .expirationTime(Date.from(now.plusSeconds(lifetimeSeconds)))
                .build();
    }

    private static OctetKeyPair generate() {
        try {
            return new OctetKeyPairGenerator(Curve.Ed25519)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void probeWithoutTheClusterTokenIsRefused() throws Exception {
        mvc.perform(get("/internal/v1/availability"))
                .andExpect(problem(401, "INVALID_CLUSTER_TOKEN", "/internal/v1/availability"))
                .andExpect(header().exists("WWW-Authenticate"));
        mvc.perform(get("/internal/v1/availability").header("Authorization", "Bearer secreT"))
                .andExpect(problem(401, "INVALID_CLUSTER_TOKEN", "/internal/v1/availability"));
        mvc.perform(get("/internal/v1/availability").header("Authorization", "secret"))
                .andExpect(problem(401, "INVALID_CLUSTER_TOKEN", "/internal/v1/availability"));
    }
}
