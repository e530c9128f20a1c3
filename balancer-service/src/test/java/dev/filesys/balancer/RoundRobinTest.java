package dev.filesys.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.protocol.authcode.AuthCode;
import dev.filesys.protocol.authcode.AuthCodeVerifier;
import dev.filesys.protocol.authcode.RemoteJwks;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
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

/**
 * The balancer, running on a random port, in front of three statically configured stand-in file-services (real HTTP
 * servers) that all say yes: assignments go round-robin, in turn, and concurrent requests spread evenly.
 */
@SpringBootTest(
        classes = BalancerApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "filesys.balancer.cluster-token=" + FileServiceStub.CLUSTER_TOKEN,
            // generous, so that 200 concurrent probes on a busy machine do not time out
            "filesys.balancer.polling.connect-timeout=2s",
            "filesys.balancer.polling.read-timeout=5s"
        })
@DirtiesContext
class RoundRobinTest {

    private static final List<String> IDS = List.of("fs-a", "fs-b", "fs-c");
    private static final List<FileServiceStub> STUBS =
            List.of(new FileServiceStub(), new FileServiceStub(), new FileServiceStub());

    @LocalServerPort
    int port;

    private BalancerClient balancer;

    @DynamicPropertySource
    static void staticServers(DynamicPropertyRegistry registry) {
        for (int i = 0; i < IDS.size(); i++) {
            int index = i;
            registry.add("filesys.balancer.servers[" + i + "].id", () -> IDS.get(index));
            registry.add(
                    "filesys.balancer.servers[" + i + "].url",
                    () -> STUBS.get(index).url());
        }
    }

    @BeforeEach
    void everyoneSaysYes() {
        STUBS.forEach(FileServiceStub::sayYes);
        balancer = new BalancerClient(port);
    }

    @AfterEach
    void closeClient() {
        balancer.close();
    }

    @AfterAll
    static void stopStubs() {
        STUBS.forEach(FileServiceStub::close);
    }

    @Test
    void nineAssignmentsGoToEachServerThreeTimesInTurn() {
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            BalancerClient.Reply reply = balancer.assign();
            assertThat(reply.status()).isEqualTo(201);
            chosen.add(reply.body().path("serverId").stringValue());
        }

        int first = IDS.indexOf(chosen.getFirst());
        assertThat(first).isNotNegative();
        for (int i = 0; i < chosen.size(); i++) {
            assertThat(chosen.get(i)).as("assignment %d", i).isEqualTo(IDS.get((first + i) % IDS.size()));
        }
        assertThat(counts(chosen)).containsOnly(Map.entry("fs-a", 3L), Map.entry("fs-b", 3L), Map.entry("fs-c", 3L));
    }

    @Test
    void anAssignmentNamesTheServerAndCarriesACodeThatVerifiesWithThePublishedKeys() throws Exception {
        BalancerClient.Reply reply = balancer.assign();

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.header("Cache-Control")).contains("no-store");
        String serverId = reply.body().path("serverId").stringValue();
        assertThat(reply.body().path("serverUrl").stringValue())
                .isEqualTo(STUBS.get(IDS.indexOf(serverId)).url());
        Instant expiresAt = Instant.parse(reply.body().path("expiresAt").stringValue());
        assertThat(expiresAt)
                .isBetween(Instant.now().plusSeconds(20), Instant.now().plusSeconds(31));

        try (HttpClient http = HttpClient.newHttpClient()) {
            RemoteJwks keys = new RemoteJwks(
                    balancer.uri("/.well-known/jwks.json"),
                    http,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(30),
                    Clock.systemUTC());
            AuthCodeVerifier verifier = new AuthCodeVerifier(keys, serverId, Duration.ofSeconds(5), Clock.systemUTC());
            AuthCode code = verifier.verify(reply.body().path("authCode").stringValue());
            assertThat(code.serverId()).isEqualTo(serverId);
            assertThat(code.issuer()).isEqualTo("filesys-balancer");
            assertThat(code.expiresAt()).isEqualTo(expiresAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
    }

    /**
     * Every request takes its own cursor ticket, so with three servers that all say yes the split of 200 requests is
     * exact: 67, 67 and 66 in some order. No tolerance beyond that rounding is needed, and none is given.
     */
    @Test
    void twoHundredConcurrentRequestsSpreadEvenly() throws Exception {
        int requests = 200;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BalancerClient.Reply>> replies = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                replies.add(clients.submit(() -> {
                    start.await();
                    return balancer.assign();
                }));
            }
            start.countDown();
        }

        List<String> chosen = new ArrayList<>();
        for (Future<BalancerClient.Reply> reply : replies) {
            assertThat(reply.get().status()).isEqualTo(201);
            chosen.add(reply.get().body().path("serverId").stringValue());
        }
        Map<String, Long> counts = counts(chosen);
        assertThat(counts).containsOnlyKeys(IDS);
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(66L, 67L));
    }

    private static Map<String, Long> counts(List<String> chosen) {
        return chosen.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
