package dev.filesys.balancer.polling;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.filesys.balancer.BalancerProperties;
import dev.filesys.balancer.MutableClock;
import dev.filesys.balancer.TestProperties;
import dev.filesys.balancer.authcodes.SigningKeys;
import dev.filesys.balancer.clustertoken.ProbeTokens;
import dev.filesys.balancer.polling.ProbeResult.Outcome;
import dev.filesys.balancer.registry.KnownServer;
import dev.filesys.balancer.registry.ServerRegistry;
import dev.filesys.balancer.registry.ServerState;
import dev.filesys.support.ClusterToken;
import dev.filesys.support.OutgoingTrace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** The probe against a real HTTP server: what counts as an answer, what as a failure, and how long a probe may take. */
class AvailabilityProbeTest {

    private static final String PATH = "/internal/v1/availability";
    private static final long READ_TIMEOUT_MILLIS = 300;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private WireMockServer fileService;
    private AvailabilityProbe probe;
    private KnownServer server;

    @BeforeEach
    void start() {
        fileService = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        fileService.start();
        BalancerProperties properties = TestProperties.bind(Map.of(
                "cluster-token", "probe-token",
                "polling.connect-timeout", "200ms",
                "polling.read-timeout", READ_TIMEOUT_MILLIS + "ms",
                "servers[0].id", "fs-1",
                "servers[0].url", "http://127.0.0.1:" + fileService.port()));
        server = new ServerRegistry(properties, clock).servers().getFirst();
        probe = new AvailabilityProbe(
                properties,
                new ClusterToken("probe-token"),
                new ProbeTokens(SigningKeys.generated(), properties, clock),
                JsonMapper.builder().build(),
                clock,
                meters,
                OutgoingTrace.none());
        answer(200, "{\"available\":true}");
        probe.ask(server); // the first exchange of a JVM is slow: not what these tests time
        fileService.resetRequests();
    }

    @AfterEach
    void stop() {
        probe.close();
        fileService.stop();
    }

    @Test
    void aYesIsAnAnswerWithTheServersNumbers() {
        answer(200, "{\"available\":true,\"activeSessions\":4,\"capacity\":50,\"reason\":null}");

        ProbeResult result = probe.ask(server);

        assertThat(result.outcome()).isEqualTo(Outcome.YES);
        assertThat(result.available()).isTrue();
        assertThat(result.availability().activeSessions()).isEqualTo(4);
        assertThat(result.availability().capacity()).isEqualTo(50);
        assertThat(server.view().lastSeen()).isEqualTo(clock.instant());
        assertThat(meters.get("filesys.balancer.probes")
                        .tag("outcome", "yes")
                        .timer()
                        .count())
                .isEqualTo(2);
        fileService.verify(getRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer probe-token"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("User-Agent", equalTo("filesys-balancer/assignment-probe")));
    }

    @Test
    void aNoIsAnAnswerWithItsReason() {
        answer(200, "{\"available\":false,\"activeSessions\":50,\"capacity\":50,\"reason\":\"AT_CAPACITY\"}");

        ProbeResult result = probe.ask(server);

        assertThat(result.outcome()).isEqualTo(Outcome.NO);
        assertThat(result.availability().reason()).isEqualTo("AT_CAPACITY");
        assertThat(server.state()).isEqualTo(ServerState.UP);
    }

    @Test
    void anAnswerMayNameTheServer() {
        answer(200, "{\"available\":true,\"activeSessions\":0,\"capacity\":5,\"serverId\":\"file-service-7c9d\"}");
        assertThat(probe.ask(server).availability().serverId()).isEqualTo("file-service-7c9d");

        answer(200, "{\"available\":true,\"serverId\":null}");
        assertThat(probe.ask(server).availability().serverId()).isNull();
    }

    @Test
    void anAnswerMayNameThePublicUrlClientsAreSentTo() {
        answer(200, "{\"available\":true,\"serverId\":\"fs-0\",\"publicUrl\":\"https://files.example.com/s/fs-0/\"}");
        assertThat(probe.ask(server).availability().publicUrl()).isEqualTo("https://files.example.com/s/fs-0");

        answer(200, "{\"available\":true,\"serverId\":\"fs-0\"}");
        assertThat(probe.ask(server).availability().publicUrl()).isNull();
    }

    @Test
    void missingCountsAreZeroAndAnOverlongReasonIsCut() {
        answer(200, "{\"available\":false,\"reason\":\"" + "x".repeat(500) + "\"}");

        ProbeResult result = probe.ask(server);

        assertThat(result.outcome()).isEqualTo(Outcome.NO);
        assertThat(result.availability().activeSessions()).isZero();
        assertThat(result.availability().reason()).hasSize(100);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "yes",
                "[]",
                "null",
                "{}",
                "{\"available\":\"true\"}",
                "{\"available\":1}",
                "{\"available\":true,\"activeSessions\":-1}",
                "{\"available\":true,\"capacity\":\"lots\"}",
                "{\"available\":true,\"serverId\":7}",
                "{\"available\":true,\"serverId\":\"\"}",
                "{\"available\":true,\"serverId\":\"File_1\"}",
                "{\"available\":true,\"publicUrl\":7}",
                "{\"available\":true,\"publicUrl\":\"files.example.com/s/a\"}",
                "{\"available\":true,\"publicUrl\":\"javascript:alert(1)\"}",
                "{\"available\":true,\"publicUrl\":\"https://user@files.example.com/s/a\"}",
                "{\"available\":true"
            })
    void aMalformedAnswerIsAFailure(String body) {
        answer(200, body);

        assertFailure(probe.ask(server));
    }

    @Test
    void anOversizedAnswerIsAFailure() {
        answer(200, "{\"available\":true,\"reason\":\"" + "x".repeat(20_000) + "\"}");

        assertFailure(probe.ask(server));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 401, 404, 302})
    void anyOtherStatusIsAFailureEvenWithAGoodBody(int status) {
        fileService.stubFor(get(urlEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Location", "http://127.0.0.1:" + fileService.port() + "/elsewhere")
                        .withBody("{\"available\":true}")));

        assertFailure(probe.ask(server));
    }

    @Test
    void aServerThatDoesNotAnswerCostsAboutTheReadTimeout() {
        fileService.stubFor(get(urlEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"available\":true}")
                        .withFixedDelay(3000)));

        long started = System.nanoTime();
        ProbeResult result = probe.ask(server);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertFailure(result);
        // the answer would take 3 s; the probe gives up after the read timeout (plus scheduling on a busy machine)
        assertThat(millis).isBetween(READ_TIMEOUT_MILLIS - 20, READ_TIMEOUT_MILLIS + 900);
    }

    @Test
    void aRefusedConnectionIsAFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        KnownServer nobody = new ServerRegistry(
                        TestProperties.bind(
                                Map.of("servers[0].id", "fs-gone", "servers[0].url", "http://127.0.0.1:" + closedPort)),
                        clock)
                .servers()
                .getFirst();

        ProbeResult result = probe.ask(nobody);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(nobody.state()).isEqualTo(ServerState.SUSPECT);
        assertThat(nobody.view().consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void aSelfRegisteredServerNeverSeesTheClusterTokenOnlyAProbeTokenForItsId() throws Exception {
        ServerRegistry registry =
                new ServerRegistry(TestProperties.bind(Map.of("cluster-token", "probe-token")), clock);
        registry.register("fs-told", "http://127.0.0.1:" + fileService.port());
        KnownServer told = registry.servers().getFirst();
        answer(200, "{\"available\":true}");

        assertThat(probe.ask(told).outcome()).isEqualTo(Outcome.YES);

        var requests = fileService.findAll(getRequestedFor(urlEqualTo(PATH)));
        assertThat(requests).hasSize(1);
        String authorization = requests.getFirst().getHeader("Authorization");
        assertThat(authorization).startsWith("Bearer ").doesNotContain("probe-token");
        com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(authorization.substring("Bearer ".length()));
        assertThat(jwt.getHeader().getType()).isEqualTo(ProbeTokens.TYPE);
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("fs-told");
        assertThat(jwt.getJWTClaimsSet().getJWTID())
                .as("no jti: never an auth code")
                .isNull();
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isAfter(clock.instant());
    }

    @Test
    void theBackgroundCheckerSaysWhoItIs() {
        answer(200, "{\"available\":true}");

        assertThat(probe.check(server).outcome()).isEqualTo(Outcome.YES);

        fileService.verify(getRequestedFor(urlEqualTo(PATH))
                .withHeader("User-Agent", equalTo("filesys-balancer/background-check")));
    }

    private void assertFailure(ProbeResult result) {
        assertThat(result.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(result.availability()).isNull();
        assertThat(server.view().consecutiveFailures()).isPositive();
        assertThat(meters.get("filesys.balancer.probes")
                        .tag("outcome", "failure")
                        .timer()
                        .count())
                .isPositive();
    }

    private void answer(int status, String body) {
        fileService.resetMappings();
        fileService.stubFor(get(urlEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }
}
