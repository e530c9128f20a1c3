package dev.filesys.balancer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.balancer.MutableClock;
import dev.filesys.balancer.TestProperties;
import dev.filesys.protocol.Availability;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The registry without HTTP: static servers, registrations, leases, ordering and the change signal. */
class ServerRegistryTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final ServerRegistry registry = new ServerRegistry(
            TestProperties.bind(Map.of(
                    "heartbeat", "5s",
                    "servers[0].id", "fs-static-1",
                    "servers[0].url", "http://10.0.0.1:8081",
                    "servers[1].id", "fs-static-2",
                    "servers[1].url", "http://10.0.0.2:8081/")),
            clock);

    @Test
    void staticServersComeFirstInConfigurationOrderThenRegisteredOnesInArrivalOrder() {
        registry.register("fs-b", "http://10.0.1.2:8081");
        registry.register("fs-a", "http://10.0.1.1:8081");

        assertThat(registry.servers())
                .extracting(KnownServer::id)
                .containsExactly("fs-static-1", "fs-static-2", "fs-b", "fs-a");
        assertThat(registry.servers())
                .extracting(KnownServer::source)
                .containsExactly(
                        ServerSource.STATIC, ServerSource.STATIC, ServerSource.REGISTERED, ServerSource.REGISTERED);
    }

    @Test
    void aRegistrationLastsThreeHeartbeatsAndEveryHeartbeatRenewsIt() {
        ServerView first = registry.register("fs-1", "http://10.0.1.1:8081");
        assertThat(first.leaseExpiresAt()).isEqualTo(clock.instant().plusSeconds(15));

        clock.advance(Duration.ofSeconds(14));
        registry.register("fs-1", "http://10.0.1.1:8081");
        clock.advance(Duration.ofSeconds(14));
        assertThat(registry.servers()).extracting(KnownServer::id).contains("fs-1");

        clock.advance(Duration.ofSeconds(1));
        assertThat(registry.servers()).extracting(KnownServer::id).doesNotContain("fs-1");
        assertThat(registry.servers()).extracting(KnownServer::id).contains("fs-static-1", "fs-static-2");
    }

    @Test
    void aHeartbeatKeepsTheHealthRecordButANewUrlStartsAFreshOneInTheSamePlace() {
        registry.register("fs-1", "http://10.0.1.1:8081");
        registry.register("fs-2", "http://10.0.1.2:8081");
        KnownServer before = find("fs-1");
        before.recordFailure(Duration.ofMillis(1), clock.instant(), "refused");

        registry.register("fs-1", "http://10.0.1.1:8081/");
        assertThat(find("fs-1")).isSameAs(before);
        assertThat(find("fs-1").state()).isEqualTo(ServerState.SUSPECT);

        registry.register("fs-1", "http://10.0.9.9:8081");
        assertThat(find("fs-1")).isNotSameAs(before);
        assertThat(find("fs-1").state()).isEqualTo(ServerState.UP);
        assertThat(registry.servers()).extracting(KnownServer::id).containsSubsequence("fs-1", "fs-2");
    }

    @Test
    void aStaticIdOnlyHeartbeatsWithItsOwnUrl() {
        assertThat(registry.register("fs-static-2", "http://10.0.0.2:8081").source())
                .isEqualTo(ServerSource.STATIC);
        assertThat(find("fs-static-2").view().lastSeen()).isEqualTo(clock.instant());

        assertThatThrownBy(() -> registry.register("fs-static-2", "http://10.0.0.3:8081"))
                .isInstanceOf(ServerIdConflict.class);
    }

    @Test
    void deregisteringForgetsARegisteredServerAndTakesAStaticOneDown() {
        registry.register("fs-1", "http://10.0.1.1:8081");

        registry.deregister("fs-1");
        registry.deregister("fs-1");
        registry.deregister("fs-static-1");

        assertThat(registry.servers()).extracting(KnownServer::id).containsExactly("fs-static-1", "fs-static-2");
        assertThat(find("fs-static-1").state()).isEqualTo(ServerState.DOWN);
        assertThat(registry.count(ServerState.DOWN)).isEqualTo(1);
        assertThat(registry.count(ServerState.UP)).isEqualTo(1);
    }

    @Test
    void aWaiterWakesWhenAServerJoins() throws Exception {
        long seen = registry.changeVersion();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return registry.awaitChange(seen, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });

        registry.register("fs-1", "http://10.0.1.1:8081");

        assertThat(waiter.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aWaiterWakesWhenAServerComesBackUp() throws Exception {
        KnownServer server = find("fs-static-1");
        for (int i = 0; i < 3; i++) {
            server.recordFailure(Duration.ofMillis(1), clock.instant(), "refused");
        }
        long seen = registry.changeVersion();
        server.recordAnswer(new Availability(true, 0, 1, null), Duration.ofMillis(1), clock.instant());
        assertThat(registry.awaitChange(seen, Duration.ZERO))
                .as("one answer is not a recovery")
                .isFalse();

        server.recordAnswer(new Availability(true, 0, 1, null), Duration.ofMillis(1), clock.instant());

        assertThat(registry.awaitChange(seen, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aWaiterWithoutChangeTimesOut() throws Exception {
        assertThat(registry.awaitChange(registry.changeVersion(), Duration.ofMillis(20)))
                .isFalse();
    }

    @Test
    void brokenStaticConfigurationStopsTheStart() {
        assertThatThrownBy(() -> new ServerRegistry(
                        TestProperties.bind(Map.of("servers[0].id", "fs-1", "servers[0].url", "ftp://x")), clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("filesys.balancer.servers[0]");
        assertThatThrownBy(() -> new ServerRegistry(
                        TestProperties.bind(Map.of(
                                "servers[0].id", "fs-1",
                                "servers[0].url", "http://a",
                                "servers[1].id", "fs-1",
                                "servers[1].url", "http://b")),
                        clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("twice");
    }

    private KnownServer find(String id) {
        return registry.servers().stream()
                .filter(server -> server.id().equals(id))
                .findFirst()
                .orElseThrow();
    }
}
