package dev.filesys.balancer.assignments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.nimbusds.jwt.SignedJWT;
import dev.filesys.balancer.BalancerProperties;
import dev.filesys.balancer.MutableClock;
import dev.filesys.balancer.TestProperties;
import dev.filesys.balancer.authcodes.SigningKeys;
import dev.filesys.balancer.polling.AvailabilityProbe;
import dev.filesys.balancer.polling.ProbeResult;
import dev.filesys.balancer.polling.ProbeResult.Outcome;
import dev.filesys.balancer.registry.KnownServer;
import dev.filesys.balancer.registry.ServerRegistry;
import dev.filesys.protocol.Assignment;
import dev.filesys.protocol.Availability;
import dev.filesys.protocol.authcode.AuthCodeSigner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The round-robin and waiting logic on its own: the registry is real, the probe is replaced by answers the test
 * decides per server (the HTTP side has its own tests).
 */
class AssignmentServiceTest {

    private static final ProbeResult YES =
            new ProbeResult(Outcome.YES, new Availability(true, 0, 10, null), Duration.ofMillis(1));
    private static final ProbeResult NO =
            new ProbeResult(Outcome.NO, new Availability(false, 10, 10, "AT_CAPACITY"), Duration.ofMillis(1));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AvailabilityProbe probe = mock(AvailabilityProbe.class);
    private final Set<String> sayingYes = ConcurrentHashMap.newKeySet();
    private ServerRegistry registry;
    private AssignmentService service;

    @AfterEach
    void stop() {
        if (service != null && service.isRunning()) {
            service.stop();
        }
    }

    @Test
    void aServerSayingNoIsPassedAndTheNextRequestStartsAfterTheChosenOne() {
        start(Map.of(), "fs-a", "fs-b", "fs-c");
        sayingYes.addAll(List.of("fs-a", "fs-c"));

        assertThat(assignTimes(6)).containsExactly("fs-a", "fs-c", "fs-a", "fs-c", "fs-a", "fs-c");
    }

    @Test
    void aDownServerIsSkippedWithoutBeingAsked() {
        start(Map.of(), "fs-a", "fs-b", "fs-c");
        sayingYes.addAll(List.of("fs-a", "fs-b", "fs-c"));
        KnownServer down = server("fs-a");
        for (int i = 0; i < 3; i++) {
            down.recordFailure(Duration.ofMillis(1), clock.instant(), "refused");
        }

        assertThat(assignTimes(4)).containsExactly("fs-b", "fs-c", "fs-b", "fs-c");
        verify(probe, never()).ask(down);
    }

    @Test
    void everyServerSayingNoFailsAfterOneCycleWithRetryAfter() {
        start(Map.of("polling.interval", "1500ms"), "fs-a", "fs-b");

        assertThatThrownBy(() -> service.assign(Duration.ZERO))
                .isInstanceOfSatisfying(NoServerAvailable.class, failure -> {
                    assertThat(failure.code()).isEqualTo("NO_SERVER_AVAILABLE");
                    assertThat(failure.getStatusCode().value()).isEqualTo(503);
                    assertThat(failure.getHeaders().getFirst("Retry-After")).isEqualTo("2");
                });
        verify(probe, times(1)).ask(server("fs-a"));
        verify(probe, times(1)).ask(server("fs-b"));
        assertThat(count("no_server")).isEqualTo(1);
        assertThat(count("assigned")).isZero();
    }

    @Test
    void withNoServersAtAllTheAnswerIsTheSame() {
        start(Map.of());

        assertThatThrownBy(() -> service.assign(Duration.ZERO)).isInstanceOf(NoServerAvailable.class);
    }

    @Test
    void anAssignmentCarriesACodeForTheChosenServer() {
        start(Map.of(), "fs-a");
        sayingYes.add("fs-a");

        Assignment assignment = service.assign(Duration.ZERO);

        assertThat(assignment.serverId()).isEqualTo("fs-a");
        assertThat(assignment.serverUrl()).isEqualTo("http://10.0.0.1:8081");
        assertThat(assignment.authCode()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(assignment.expiresAt()).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(count("assigned")).isEqualTo(1);
    }

    @Test
    void theCodeIsForTheIdTheServerNamesInItsAnswer() throws Exception {
        start(Map.of(), "ip-10-0-0-1");
        doReturn(new ProbeResult(
                        Outcome.YES, new Availability(true, 0, 10, null, "file-service-7c9d-x2k4q"), Duration.ZERO))
                .when(probe)
                .ask(any());

        Assignment assignment = service.assign(Duration.ZERO);

        assertThat(assignment.serverId()).isEqualTo("file-service-7c9d-x2k4q");
        assertThat(assignment.serverUrl()).isEqualTo("http://10.0.0.1:8081");
        assertThat(SignedJWT.parse(assignment.authCode()).getJWTClaimsSet().getAudience())
                .containsExactly("file-service-7c9d-x2k4q");
    }

    @Test
    void clientsAreSentToThePublicUrlTheServerNamesInItsAnswer() {
        start(Map.of(), "ip-10-0-0-1");
        doReturn(new ProbeResult(
                        Outcome.YES,
                        new Availability(
                                true, 0, 10, null, "file-service-0", "https://files.example.com/s/file-service-0"),
                        Duration.ZERO))
                .when(probe)
                .ask(any());

        Assignment assignment = service.assign(Duration.ZERO);

        assertThat(assignment.serverId()).isEqualTo("file-service-0");
        // probed at its own address, handed out at the edge's
        assertThat(assignment.serverUrl()).isEqualTo("https://files.example.com/s/file-service-0");
        assertThat(server("ip-10-0-0-1").url()).hasToString("http://10.0.0.1:8081");
    }

    @Test
    void aConfiguredPublicUrlIsHandedOutWhenTheAnswerNamesNone() {
        start(Map.of("servers[0].public-url", "https://files.example.com/s/fs-a/"), "fs-a");
        sayingYes.add("fs-a");

        Assignment assignment = service.assign(Duration.ZERO);

        assertThat(assignment.serverUrl()).isEqualTo("https://files.example.com/s/fs-a");
    }

    @Test
    void aRegisteredPublicUrlIsHandedOutAndFollowsTheHeartbeats() {
        start(Map.of());
        sayingYes.add("fs-r");
        registry.register("fs-r", "http://10.0.0.9:8081", "https://files.example.com/s/fs-r");

        assertThat(service.assign(Duration.ZERO).serverUrl()).isEqualTo("https://files.example.com/s/fs-r");

        registry.register("fs-r", "http://10.0.0.9:8081", null);

        assertThat(service.assign(Duration.ZERO).serverUrl()).isEqualTo("http://10.0.0.9:8081");
    }

    @Test
    void withoutANameInTheAnswerTheCodeIsForTheIdTheServerIsKnownBy() throws Exception {
        start(Map.of(), "fs-a");
        sayingYes.add("fs-a");

        Assignment assignment = service.assign(Duration.ZERO);

        assertThat(SignedJWT.parse(assignment.authCode()).getJWTClaimsSet().getAudience())
                .containsExactly("fs-a");
    }

    @Test
    void aWaitEndsWhenItRunsOut() {
        start(Map.of("polling.retry-backoff", "100ms"), "fs-a");

        long started = System.nanoTime();
        assertThatThrownBy(() -> service.assign(Duration.ofMillis(400))).isInstanceOf(NoServerAvailable.class);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(millis).isBetween(400L, 1400L);
        // pauses of 50, 100, 100, 100 ms: a handful of cycles, not a hot loop
        assertThat(mockingDetails(probe).getInvocations()).hasSizeBetween(3, 8);
    }

    @Test
    void aWaitingRequestWakesAtOnceWhenAServerJoins() throws Exception {
        start(Map.of("polling.retry-backoff", "30s"), "fs-a");
        CompletableFuture<Assignment> waiting =
                CompletableFuture.supplyAsync(() -> service.assign(Duration.ofSeconds(30)));
        // after 6 cycles (pauses 50 + 100 + 200 + 400 + 800 ms) the next pause is 1.6 s
        await().atMost(Duration.ofSeconds(10))
                .until(() -> mockingDetails(probe).getInvocations().size() >= 6);

        sayingYes.add("fs-late");
        long joined = System.nanoTime();
        registry.register("fs-late", "http://10.0.0.9:8081");
        Assignment assignment = waiting.get(10, TimeUnit.SECONDS);

        assertThat(assignment.serverId()).isEqualTo("fs-late");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - joined)).isLessThan(1000);
    }

    @Test
    void onShutdownWaitingRequestsGiveUp() throws Exception {
        start(Map.of("polling.retry-backoff", "200ms"), "fs-a");
        CompletableFuture<Assignment> waiting =
                CompletableFuture.supplyAsync(() -> service.assign(Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> mockingDetails(probe).getInvocations().size() >= 2);

        service.stop();

        assertThat(waiting)
                .failsWithin(Duration.ofSeconds(2))
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(NoServerAvailable.class);
    }

    private void start(Map<String, String> settings, String... serverIds) {
        Map<String, String> all = new HashMap<>(settings);
        for (int i = 0; i < serverIds.length; i++) {
            all.put("servers[" + i + "].id", serverIds[i]);
            all.put("servers[" + i + "].url", "http://10.0.0." + (i + 1) + ":8081");
        }
        BalancerProperties properties = TestProperties.bind(all);
        registry = new ServerRegistry(properties, clock);
        when(probe.ask(any())).thenAnswer(call -> {
            KnownServer server = call.getArgument(0);
            return sayingYes.contains(server.id()) ? YES : NO;
        });
        AuthCodeSigner signer =
                new AuthCodeSigner(SigningKeys.generate(), "filesys-balancer", Duration.ofSeconds(30), clock);
        service = new AssignmentService(registry, probe, signer, properties, meters);
        service.start();
    }

    private List<String> assignTimes(int times) {
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            chosen.add(service.assign(Duration.ZERO).serverId());
        }
        return chosen;
    }

    private KnownServer server(String id) {
        return registry.servers().stream()
                .filter(server -> server.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private double count(String outcome) {
        return meters.get("filesys.balancer.assignments")
                .tag("outcome", outcome)
                .counter()
                .count();
    }
}
