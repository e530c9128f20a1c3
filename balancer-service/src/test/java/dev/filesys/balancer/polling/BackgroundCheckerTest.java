package dev.filesys.balancer.polling;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import dev.filesys.balancer.registry.KnownServer;
import dev.filesys.balancer.registry.ServerRegistry;
import dev.filesys.balancer.registry.ServerState;
import dev.filesys.support.ClusterToken;
import dev.filesys.support.OutgoingTrace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** One round of the background checker: it asks only the servers that are not UP, and brings them back. */
class BackgroundCheckerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final WireMockServer healthy = started();
    private final WireMockServer recovering = started();
    private AvailabilityProbe probe;

    @AfterEach
    void stop() {
        probe.close();
        healthy.stop();
        recovering.stop();
    }

    @Test
    void asksOnlySuspectAndDownServersAndRiseAnswersBringThemBack() {
        BalancerProperties properties = TestProperties.bind(Map.of(
                "cluster-token", "checker-token",
                "polling.rise", "2",
                "polling.read-timeout", "2s",
                "servers[0].id", "fs-healthy",
                "servers[0].url", "http://127.0.0.1:" + healthy.port(),
                "servers[1].id", "fs-recovering",
                "servers[1].url", "http://127.0.0.1:" + recovering.port()));
        ServerRegistry registry = new ServerRegistry(properties, clock);
        probe = new AvailabilityProbe(
                properties,
                new ClusterToken(properties.clusterToken()),
                new ProbeTokens(SigningKeys.generated(), properties, clock),
                JsonMapper.builder().build(),
                clock,
                new SimpleMeterRegistry(),
                OutgoingTrace.none());
        BackgroundChecker checker = new BackgroundChecker(registry, probe, properties);
        List<KnownServer> servers = registry.servers();
        probe.ask(servers.getFirst()); // the first exchange of a JVM is slow: get it over with
        healthy.resetRequests();
        for (int i = 0; i < 3; i++) {
            servers.get(1).recordFailure(Duration.ofMillis(1), clock.instant(), "refused");
        }
        assertThat(servers.get(1).state()).isEqualTo(ServerState.DOWN);

        checker.checkUnhealthy();
        assertThat(servers.get(1).state()).isEqualTo(ServerState.DOWN);
        checker.checkUnhealthy();

        assertThat(servers.get(1).state()).isEqualTo(ServerState.UP);
        assertThat(recovering
                        .countRequestsMatching(getRequestedFor(urlEqualTo("/internal/v1/availability"))
                                .build())
                        .getCount())
                .isEqualTo(2);
        assertThat(healthy.getAllServeEvents())
                .as("an UP server is left to the requests")
                .isEmpty();

        checker.checkUnhealthy();
        assertThat(recovering.getAllServeEvents()).hasSize(2);
    }

    private static WireMockServer started() {
        WireMockServer server =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(get(urlEqualTo("/internal/v1/availability"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"available\":true,\"activeSessions\":0,\"capacity\":10}")));
        return server;
    }
}
