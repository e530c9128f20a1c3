package dev.filesys.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Self-registration over real HTTP: the cluster token guard, validation of ids and URLs, heartbeats that keep a
 * registration alive, and leases that drop a silent one. The heartbeat is 300 ms here, so a lease lasts 900 ms.
 */
@SpringBootTest(
        classes = BalancerApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "filesys.balancer.cluster-token=" + FileServiceStub.CLUSTER_TOKEN,
            "filesys.balancer.heartbeat=300ms",
            "filesys.balancer.servers[0].id=fs-static",
            "filesys.balancer.servers[0].url=http://127.0.0.1:9"
        })
@DirtiesContext
class RegistrationTest {

    private static final Duration LEASE = Duration.ofMillis(900);

    @LocalServerPort
    int port;

    private BalancerClient balancer;

    @BeforeEach
    void connect() {
        balancer = new BalancerClient(port);
    }

    @AfterEach
    void close() {
        balancer.close();
    }

    @Test
    void internalEndpointsRefuseRequestsWithoutTheClusterToken() {
        assertThat(balancer.register("fs-kept", "http://127.0.0.1:8180").status())
                .isEqualTo(200);

        List<BalancerClient.Reply> refused = List.of(
                balancer.registerWithToken("fs-x", "http://127.0.0.1:8081", null),
                balancer.registerWithToken("fs-x", "http://127.0.0.1:8081", "Bearer wrong-token"),
                balancer.registerWithToken("fs-x", "http://127.0.0.1:8081", FileServiceStub.CLUSTER_TOKEN),
                balancer.registerWithToken("fs-x", "http://127.0.0.1:8081", "Basic " + FileServiceStub.CLUSTER_TOKEN),
                balancer.send(HttpRequest.newBuilder(balancer.uri("/internal/v1/servers/fs-kept"))
                        .DELETE()),
                balancer.send(HttpRequest.newBuilder(balancer.uri("/api/v1/servers"))
                        .GET()
                        .header("Authorization", "Bearer " + FileServiceStub.CLUSTER_TOKEN + "x")),
                balancer.get("/api/v1/servers"),
                balancer.get("/internal/v1/anything-else"));

        assertThat(refused).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.body().path("code").stringValue()).isEqualTo("INVALID_CLUSTER_TOKEN");
        });
        assertThat(balancer.server("fs-x")).isEmpty();
        assertThat(balancer.server("fs-kept"))
                .as("an unauthorised DELETE changed nothing")
                .isPresent();
        assertThat(balancer.deregister("fs-kept").status()).isEqualTo(204);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"FS-1", "fs_1", "-fs", "fs.1", "a234567890123456789012345678901234567890123456789012345678901234"
            })
    void aMalformedServerIdIsRefused(String serverId) {
        BalancerClient.Reply reply = balancer.register(serverId, "http://127.0.0.1:8081");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().path("code").stringValue()).isEqualTo("INVALID_SERVER_ID");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not a url",
                "/relative/path",
                "127.0.0.1:8081",
                "ftp://127.0.0.1/",
                "file:///etc/passwd",
                "http://",
                "http://user:secret@127.0.0.1:8081",
                "http://127.0.0.1:8081/?probe=1",
                "http://127.0.0.1:8081/#top",
                "http://127.0.0.1:99999"
            })
    void aMalformedUrlIsRefused(String url) {
        BalancerClient.Reply reply = balancer.register("fs-bad-url", url);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("code").stringValue()).isEqualTo("INVALID_SERVER_URL");
        assertThat(balancer.server("fs-bad-url")).isEmpty();
    }

    @Test
    void aRegistrationWithoutAUrlIsRefused() {
        BalancerClient.Reply reply = balancer.register("fs-no-url", null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("code").stringValue()).isEqualTo("INVALID_SERVER_URL");
    }

    @Test
    void heartbeatsKeepARegistrationAliveAndItsLeaseDropsItWhenTheyStop() {
        BalancerClient.Reply first = balancer.register("fs-lease", "http://127.0.0.1:8181/");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("url").stringValue()).isEqualTo("http://127.0.0.1:8181");
        assertThat(first.body().path("source").stringValue()).isEqualTo("REGISTERED");
        Instant leaseEnd = Instant.parse(first.body().path("leaseExpiresAt").stringValue());
        Instant seen = Instant.parse(first.body().path("lastSeen").stringValue());
        assertThat(Duration.between(seen, leaseEnd)).isEqualTo(LEASE);

        // a heartbeat every 100 ms for well over a lease: it stays
        await().pollInterval(Duration.ofMillis(100))
                .during(LEASE.multipliedBy(2))
                .atMost(LEASE.multipliedBy(4))
                .until(() ->
                        balancer.register("fs-lease", "http://127.0.0.1:8181").status() == 200
                                && balancer.server("fs-lease").isPresent());

        long lastHeartbeat = System.nanoTime(); // taken before the heartbeat, so its lease ends after this
        assertThat(balancer.register("fs-lease", "http://127.0.0.1:8181").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> balancer.server("fs-lease").isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - lastHeartbeat))
                .as("not before its lease ran out")
                .isGreaterThanOrEqualTo(LEASE);
        assertThat(balancer.server("fs-static"))
                .as("a static server never drops out")
                .isPresent();
    }

    @Test
    void deregistrationIsImmediateAndIdempotent() {
        assertThat(balancer.register("fs-leaving", "http://127.0.0.1:8182").status())
                .isEqualTo(200);
        assertThat(balancer.server("fs-leaving")).isPresent();

        BalancerClient.Reply gone = balancer.deregister("fs-leaving");
        assertThat(gone.status()).isEqualTo(204);
        assertThat(gone.raw().body()).isEmpty();
        assertThat(balancer.server("fs-leaving")).isEmpty();
        assertThat(balancer.deregister("fs-leaving").status()).isEqualTo(204);
        assertThat(balancer.deregister("fs-never-was").status()).isEqualTo(204);
        assertThat(balancer.deregister("Not_An_Id").status()).isEqualTo(400);
    }

    @Test
    void aStaticServerThatDeregistersIsDownButStaysKnown() {
        assertThat(balancer.deregister("fs-static").status()).isEqualTo(204);

        assertThat(balancer.state("fs-static")).isEqualTo("DOWN");
        assertThat(balancer.server("fs-static").orElseThrow().path("source").stringValue())
                .isEqualTo("STATIC");
    }

    @Test
    void aStaticIdCannotBeTakenByAnotherUrl() {
        BalancerClient.Reply reply = balancer.register("fs-static", "http://127.0.0.1:8183");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.body().path("code").stringValue()).isEqualTo("SERVER_ID_CONFLICT");
        assertThat(balancer.server("fs-static").orElseThrow().path("url").stringValue())
                .isEqualTo("http://127.0.0.1:9");
        assertThat(balancer.register("fs-static", "http://127.0.0.1:9/").status())
                .as("its own URL is a heartbeat")
                .isEqualTo(200);
    }

    @Test
    void theServerListShowsEachServersState() {
        assertThat(balancer.register("fs-listed", "https://files.example.test:8443/base")
                        .status())
                .isEqualTo(200);

        BalancerClient.Reply reply = balancer.servers();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.body().isArray()).isTrue();
        var listed = balancer.server("fs-listed").orElseThrow();
        assertThat(listed.path("url").stringValue()).isEqualTo("https://files.example.test:8443/base");
        assertThat(listed.path("state").stringValue()).isEqualTo("UP");
        assertThat(listed.path("consecutiveFailures").intValue()).isZero();
        assertThat(listed.has("lastLatencyMillis")).isTrue();
        assertThat(listed.has("activeSessions")).isTrue();
        assertThat(listed.has("capacity")).isTrue();
        assertThat(listed.has("lastSeen")).isTrue();
        assertThat(balancer.deregister("fs-listed").status()).isEqualTo(204);
    }

    @Test
    void aServerBehindAnEdgeRegistersWhereItIsProbedAndWhereClientsGo() {
        assertThat(balancer.register("fs-edge", "http://127.0.0.1:8184", "https://files.example.test/s/fs-edge/")
                        .status())
                .isEqualTo(200);

        var listed = balancer.server("fs-edge").orElseThrow();
        assertThat(listed.path("url").stringValue()).isEqualTo("http://127.0.0.1:8184");
        assertThat(listed.path("publicUrl").stringValue()).isEqualTo("https://files.example.test/s/fs-edge");

        BalancerClient.Reply bad = balancer.register("fs-edge", "http://127.0.0.1:8184", "ftp://files.example.test/");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("code").stringValue()).isEqualTo("INVALID_SERVER_URL");
        assertThat(balancer.deregister("fs-edge").status()).isEqualTo(204);
    }
}
