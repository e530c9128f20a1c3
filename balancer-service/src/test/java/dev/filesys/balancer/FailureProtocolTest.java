package dev.filesys.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The failure protocol (docs/balancer.md) end to end: the balancer on a random port, stand-in file-services (real HTTP
 * servers) that say yes, say no, hang or break, registered through the balancer's own registration endpoint. Timeouts
 * are short here so the whole class runs in seconds: read timeout 500 ms, checker interval 250 ms, fall 3, rise 2.
 */
@SpringBootTest(
        classes = BalancerApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "filesys.balancer.cluster-token=" + FileServiceStub.CLUSTER_TOKEN,
            "filesys.balancer.polling.connect-timeout=200ms",
            "filesys.balancer.polling.read-timeout=" + FailureProtocolTest.READ_TIMEOUT_MILLIS + "ms",
            "filesys.balancer.polling.fall=3",
            "filesys.balancer.polling.rise=2",
            "filesys.balancer.polling.interval=250ms",
            "filesys.balancer.polling.retry-backoff=200ms",
            "filesys.balancer.heartbeat=1m"
        })
@DirtiesContext
class FailureProtocolTest {

    static final long READ_TIMEOUT_MILLIS = 500;
    /** Room for scheduling on a busy two-core machine; far below the 5 s a hanging server would cost. */
    private static final long SLACK_MILLIS = 400;

    private static final Duration HANG = Duration.ofSeconds(5);

    @LocalServerPort
    int port;

    private BalancerClient balancer;
    private final Map<String, FileServiceStub> servers = new LinkedHashMap<>();

    @BeforeEach
    void connect() {
        balancer = new BalancerClient(port);
    }

    @AfterEach
    void deregisterAndStop() {
        servers.keySet()
                .forEach(id -> assertThat(balancer.deregister(id).status()).isEqualTo(204));
        servers.values().stream().filter(stub -> stub != null).forEach(FileServiceStub::close);
        balancer.close();
    }

    @Test
    void aServerThatSaysNoIsAskedAndSkipped() {
        FileServiceStub a = join("fs-a", stub().sayYes());
        FileServiceStub b = join("fs-b", stub().sayNo());
        FileServiceStub c = join("fs-c", stub().sayYes());

        List<String> chosen = assignTimes(8);

        assertThat(new HashSet<>(chosen)).containsExactlyInAnyOrder("fs-a", "fs-c");
        for (int i = 1; i < chosen.size(); i++) {
            assertThat(chosen.get(i)).as("assignment %d alternates", i).isNotEqualTo(chosen.get(i - 1));
        }
        assertThat(b.probesFromRequests()).as("fs-b was asked, and said no").isPositive();
        assertThat(a.probesFromRequests() + c.probesFromRequests()).isEqualTo(8);
        assertThat(balancer.state("fs-b"))
                .as("a no is an answer, not a failure")
                .isEqualTo("UP");
    }

    @Test
    void aHangingServerCostsAtMostTheReadTimeoutAndOnceDownCostsNothing() {
        join("fs-a", stub().sayYes());
        FileServiceStub hanging = join("fs-hang", stub().hang(HANG));
        join("fs-c", stub().sayYes());

        long slowest = 0;
        while (!balancer.state("fs-hang").equals("DOWN")) {
            long started = System.nanoTime();
            BalancerClient.Reply reply = balancer.assign();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(reply.status()).isEqualTo(201);
            assertThat(reply.body().path("serverId").stringValue()).isNotEqualTo("fs-hang");
            assertThat(millis)
                    .as("a request that met the hanging server")
                    .isLessThan(READ_TIMEOUT_MILLIS + SLACK_MILLIS);
            slowest = Math.max(slowest, millis);
        }
        assertThat(hanging.probesFromRequests())
                .as("requests met the hanging server")
                .isPositive();
        assertThat(slowest)
                .as("and waited for it up to the read timeout")
                .isGreaterThanOrEqualTo(READ_TIMEOUT_MILLIS - 50);
        assertThat(balancer.server("fs-hang")
                        .orElseThrow()
                        .path("consecutiveFailures")
                        .intValue())
                .isGreaterThanOrEqualTo(3);

        int askedByRequests = hanging.probesFromRequests();
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long started = System.nanoTime();
            BalancerClient.Reply reply = balancer.assign();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(reply.status()).isEqualTo(201);
            assertThat(millis).as("a request skipping the DOWN server").isLessThan(READ_TIMEOUT_MILLIS - 50);
            chosen.add(reply.body().path("serverId").stringValue());
        }
        assertThat(hanging.probesFromRequests())
                .as("no request asked the DOWN server")
                .isEqualTo(askedByRequests);
        assertThat(chosen).containsOnly("fs-a", "fs-c");
        assertThat(chosen.stream().filter("fs-a"::equals).count()).isEqualTo(6);
        await().atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(hanging.backgroundChecks())
                        .as("only the background checker still asks it")
                        .isPositive());
    }

    @Test
    void aDownServerComesBackAfterRiseGoodBackgroundProbes() {
        join("fs-a", stub().sayYes());
        FileServiceStub flaky = join("fs-flaky", stub().answerWith(503, "{}"));
        // requests find it failing (SUSPECT); from then on the background checker keeps at it until it is DOWN
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            assertThat(balancer.assign().status()).isEqualTo(201);
            return balancer.state("fs-flaky").equals("DOWN");
        });
        int askedByRequests = flaky.probesFromRequests();

        int checksBefore = flaky.backgroundChecks();
        flaky.sayYes();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> balancer.state("fs-flaky").equals("UP"));

        assertThat(flaky.backgroundChecks() - checksBefore)
                .as("background probes that brought it back")
                .isGreaterThanOrEqualTo(2);
        assertThat(flaky.probesFromRequests()).isEqualTo(askedByRequests);
        assertThat(assignTimes(4)).contains("fs-flaky");
    }

    @Test
    void brokenAnswersAreFailures() {
        join("fs-a", stub().sayYes());
        join("fs-5xx", stub().answerWith(500, "{\"available\":true}"));
        join("fs-garbage", stub().answerWith(200, "{\"availble\":true}"));
        join("fs-text", stub().answerWith(200, "yes please"));
        servers.put("fs-refused", null);
        assertThat(balancer.register("fs-refused", "http://127.0.0.1:9").status())
                .isEqualTo(200);

        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            BalancerClient.Reply reply = balancer.assign(2);
            assertThat(reply.status()).isEqualTo(201);
            chosen.add(reply.body().path("serverId").stringValue());
        }

        assertThat(chosen).containsOnly("fs-a");
        for (String broken : List.of("fs-5xx", "fs-garbage", "fs-text", "fs-refused")) {
            assertThat(balancer.state(broken)).as(broken).isIn("SUSPECT", "DOWN");
            assertThat(balancer.server(broken)
                            .orElseThrow()
                            .path("consecutiveFailures")
                            .intValue())
                    .as(broken)
                    .isPositive();
        }
    }

    @Test
    void whenEveryServerSaysNoTheRequestFailsAfterOneCycleWith503() {
        List<FileServiceStub> all =
                List.of(join("fs-1", stub().sayNo()), join("fs-2", stub().sayNo()), join("fs-3", stub().sayNo()));

        long started = System.nanoTime();
        BalancerClient.Reply reply = balancer.assign();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().path("code").stringValue()).isEqualTo("NO_SERVER_AVAILABLE");
        assertThat(reply.header("Retry-After")).isEqualTo("1");
        assertThat(millis).isLessThan(1000);
        assertThat(all)
                .allSatisfy(server -> assertThat(server.probesFromRequests())
                        .as("one full cycle asks each server once")
                        .isEqualTo(1));
    }

    @Test
    void aWaitingRequestKeepsCyclingWithBackoffUntilItsWaitRunsOut() {
        List<FileServiceStub> all =
                List.of(join("fs-1", stub().sayNo()), join("fs-2", stub().sayNo()), join("fs-3", stub().sayNo()));

        long started = System.nanoTime();
        BalancerClient.Reply reply = balancer.assign(1);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.body().path("code").stringValue()).isEqualTo("NO_SERVER_AVAILABLE");
        assertThat(millis)
                .as("waitSeconds plus at most one cycle")
                .isBetween(1000L, 1000L + 3 * READ_TIMEOUT_MILLIS + SLACK_MILLIS);
        // 50, 100, 200, 200, 200, 200 ms pauses: about seven cycles in a second, not a hot loop
        assertThat(all)
                .allSatisfy(server -> assertThat(server.probesFromRequests()).isBetween(3, 10));
    }

    @Test
    void aWaitingRequestReturnsAsSoonAsAServerSaysYes() throws Exception {
        FileServiceStub first = join("fs-1", stub().sayNo());
        FileServiceStub second = join("fs-2", stub().sayNo());

        long started = System.nanoTime();
        CompletableFuture<BalancerClient.Reply> waiting = CompletableFuture.supplyAsync(() -> balancer.assign(20));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> first.probesFromRequests() >= 2 && second.probesFromRequests() >= 2);
        assertThat(waiting).isNotDone();

        long flipped = System.nanoTime();
        second.sayYes();
        BalancerClient.Reply reply = waiting.get(5, TimeUnit.SECONDS);
        long afterFlip = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - flipped);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.body().path("serverId").stringValue()).isEqualTo("fs-2");
        assertThat(afterFlip).as("at most one backoff pause and a cycle").isLessThan(200 + SLACK_MILLIS + 200);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(20_000);
    }

    @Test
    void aWaitingRequestTakesAServerThatJoinsMeanwhile() throws Exception {
        CompletableFuture<BalancerClient.Reply> waiting = CompletableFuture.supplyAsync(() -> balancer.assign(10));
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

        join("fs-late", stub().sayYes());
        BalancerClient.Reply reply = waiting.get(5, TimeUnit.SECONDS);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.body().path("serverId").stringValue()).isEqualTo("fs-late");
    }

    /** A stand-in file-service; configure what it answers before it joins. */
    private static FileServiceStub stub() {
        return new FileServiceStub();
    }

    /** Registers {@code stub} with the balancer under {@code serverId}, as a file-service's first heartbeat does. */
    private FileServiceStub join(String serverId, FileServiceStub stub) {
        servers.put(serverId, stub);
        assertThat(balancer.register(serverId, stub.url()).status()).isEqualTo(200);
        return stub;
    }

    private List<String> assignTimes(int times) {
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            BalancerClient.Reply reply = balancer.assign();
            assertThat(reply.status()).as("assignment %d", i).isEqualTo(201);
            chosen.add(reply.body().path("serverId").stringValue());
        }
        return chosen;
    }
}
