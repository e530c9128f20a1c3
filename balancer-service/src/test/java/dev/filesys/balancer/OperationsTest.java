package dev.filesys.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.filesys.balancer.authcodes.SigningKeys;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What operators and other services see of a running balancer: configured signing keys (rotation), the JWKS,
 * Kubernetes probes, Prometheus metrics, the OpenAPI description, and problem+json for paths that do not exist.
 */
@SpringBootTest(
        classes = BalancerApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"filesys.balancer.cluster-token=" + FileServiceStub.CLUSTER_TOKEN})
@DirtiesContext
class OperationsTest {

    /** A key set after one rotation: a new signing key first, the previous key's public part after it. */
    private static final SigningKeys KEYS = SigningKeys.generated().rotate();

    private static final FileServiceStub SERVER = new FileServiceStub().sayYes();

    @LocalServerPort
    int port;

    private BalancerClient balancer;

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry registry) {
        registry.add("filesys.balancer.signing.keys", KEYS::toPrivateJson);
        registry.add("filesys.balancer.servers[0].id", () -> "fs-ops");
        registry.add("filesys.balancer.servers[0].url", SERVER::url);
    }

    @BeforeEach
    void connect() {
        balancer = new BalancerClient(port);
    }

    @AfterEach
    void close() {
        balancer.close();
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @Test
    void theJwksPublishesEveryConfiguredKeyButNoPrivatePart() {
        BalancerClient.Reply reply = balancer.get("/.well-known/jwks.json");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        List<String> kids = new ArrayList<>();
        for (JsonNode key : reply.body().path("keys")) {
            kids.add(key.path("kid").stringValue());
            assertThat(key.path("kty").stringValue()).isEqualTo("OKP");
            assertThat(key.path("crv").stringValue()).isEqualTo("Ed25519");
            assertThat(key.has("x")).isTrue();
            assertThat(key.has("d")).as("private part of %s", key.path("kid")).isFalse();
        }
        assertThat(kids).isEqualTo(KEYS.keyIds());
        assertThat(reply.raw().body()).doesNotContain("\"d\"");
    }

    @Test
    void codesAreSignedWithTheFirstConfiguredKey() throws Exception {
        BalancerClient.Reply reply = balancer.assign();

        assertThat(reply.status()).isEqualTo(201);
        SignedJWT code = SignedJWT.parse(reply.body().path("authCode").stringValue());
        assertThat(code.getHeader().getKeyID()).isEqualTo(KEYS.keyIds().getFirst());
        assertThat(code.getJWTClaimsSet().getAudience()).containsExactly("fs-ops");
    }

    @Test
    void livenessAndReadinessAnswerOnTheMainPort() {
        assertThat(balancer.get("/livez").status()).isEqualTo(200);
        assertThat(balancer.get("/readyz").status()).isEqualTo(200);
        assertThat(balancer.get("/readyz").body().path("status").stringValue()).isEqualTo("UP");
        assertThat(balancer.get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void prometheusShowsAssignmentsProbesAndServers() {
        assertThat(balancer.assign().status()).isEqualTo(201);

        BalancerClient.Reply reply = balancer.get("/actuator/prometheus");

        assertThat(reply.status()).isEqualTo(200);
        String metrics = reply.raw().body();
        assertThat(metrics)
                .contains("filesys_balancer_assignments_total{outcome=\"assigned\"}")
                .contains("filesys_balancer_assignments_total{outcome=\"no_server\"}")
                .contains("filesys_balancer_probes_seconds_count{outcome=\"yes\"}")
                .contains("filesys_balancer_probes_seconds_count{outcome=\"no\"}")
                .contains("filesys_balancer_probes_seconds_count{outcome=\"failure\"}")
                .contains("filesys_balancer_servers{state=\"up\"} 1.0")
                .contains("filesys_balancer_servers{state=\"suspect\"}")
                .contains("filesys_balancer_servers{state=\"down\"}")
                .doesNotContain(FileServiceStub.CLUSTER_TOKEN);
    }

    @Test
    void theOpenApiDescriptionDocumentsEveryEndpointAndItsProblemCodes() {
        BalancerClient.Reply reply = balancer.get("/v3/api-docs");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode paths = reply.body().path("paths");
        assertThat(paths.has("/api/v1/assignments")).isTrue();
        assertThat(paths.has("/api/v1/servers")).isTrue();
        assertThat(paths.has("/internal/v1/servers/{serverId}")).isTrue();
        assertThat(paths.has("/.well-known/jwks.json")).isTrue();
        JsonNode assignment = paths.path("/api/v1/assignments").path("post").path("responses");
        assertThat(assignment.path("503").path("description").stringValue()).contains("NO_SERVER_AVAILABLE");
        assertThat(reply.raw().body()).contains("INVALID_SERVER_ID", "INVALID_SERVER_URL", "INVALID_CLUSTER_TOKEN");
    }

    @Test
    void anUnknownPathIsProblemJson() {
        BalancerClient.Reply reply = balancer.get("/api/v1/nothing-here");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().path("code").stringValue()).isEqualTo("NOT_FOUND");
        assertThat(reply.body().has("timestamp")).isFalse();
        assertThat(reply.body().has("trace")).isFalse();
    }

    @Test
    void aWrongMethodIsProblemJson() {
        BalancerClient.Reply reply = balancer.get("/api/v1/assignments");

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().path("code").stringValue()).isEqualTo("METHOD_NOT_ALLOWED");
    }
}
