package dev.filesys.balancer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.balancer.MutableClock;
import dev.filesys.balancer.TestProperties;
import dev.filesys.protocol.Availability;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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
    void aHeartbeatKeepsTheHealthRecordAndTheIdStaysWithItsUrlUntilTheLeaseLapses() {
        registry.register("fs-1", "http://10.0.1.1:8081");
        registry.register("fs-2", "http://10.0.1.2:8081");
        KnownServer before = find("fs-1");
        before.recordFailure(Duration.ofMillis(1), clock.instant(), "refused");

        registry.register("fs-1", "http://10.0.1.1:8081/");
        assertThat(find("fs-1")).isSameAs(before);
        assertThat(find("fs-1").state()).isEqualTo(ServerState.SUSPECT);

        // while its lease runs, the id stays with its URL: nobody else takes it over
        assertThatThrownBy(() -> registry.register("fs-1", "http://10.0.9.9:8081"))
                .isInstanceOf(ServerIdConflict.class)
                .hasMessageContaining("lease");
        assertThat(find("fs-1")).isSameAs(before);
        assertThat(find("fs-1").url()).hasToString("http://10.0.1.1:8081");

        // once it lapses (or the server deregisters), the id may register at a new URL, with a fresh record
        clock.advance(Duration.ofSeconds(15));
        registry.register("fs-1", "http://10.0.9.9:8081");
        assertThat(find("fs-1")).isNotSameAs(before);
        assertThat(find("fs-1").state()).isEqualTo(ServerState.UP);
        registry.deregister("fs-1");
        registry.register("fs-1", "http://10.0.9.8:8081");
        assertThat(find("fs-1").url()).hasToString("http://10.0.9.8:8081");
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
    void discoveredServersJoinAfterTheOthersKeepTheirRecordAndDropOutWhenTheirAddressVanishes() {
        registry.register("fs-1", "http://10.0.1.1:8081");
        registry.replaceDiscovered(
                ordered("ip-10-2-0-1", "http://10.2.0.1:8081", "ip-10-2-0-2", "http://10.2.0.2:8081"));
        KnownServer kept = find("ip-10-2-0-2");
        kept.recordFailure(Duration.ofMillis(1), clock.instant(), "refused");

        registry.replaceDiscovered(
                ordered("ip-10-2-0-2", "http://10.2.0.2:8081", "ip-10-2-0-3", "http://10.2.0.3:8081"));

        assertThat(registry.servers())
                .extracting(KnownServer::id)
                .containsExactly("fs-static-1", "fs-static-2", "fs-1", "ip-10-2-0-2", "ip-10-2-0-3");
        assertThat(find("ip-10-2-0-2")).isSameAs(kept);
        assertThat(kept.state()).isEqualTo(ServerState.SUSPECT);
        assertThat(find("ip-10-2-0-3").source()).isEqualTo(ServerSource.DISCOVERED);
        assertThat(find("ip-10-2-0-3").view().leaseExpiresAt()).isNull();

        clock.advance(Duration.ofMinutes(10));
        assertThat(registry.servers())
                .as("no lease: a discovered server stays while DNS has it")
                .extracting(KnownServer::id)
                .containsExactly("fs-static-1", "fs-static-2", "ip-10-2-0-2", "ip-10-2-0-3");
        registry.replaceDiscovered(Map.of());
        assertThat(registry.servers()).extracting(KnownServer::id).containsExactly("fs-static-1", "fs-static-2");
    }

    @Test
    void aDiscoveredServerAtANewUrlStartsAFreshRecord() {
        registry.replaceDiscovered(Map.of("ip-10-2-0-1", "http://10.2.0.1:8081"));
        KnownServer before = find("ip-10-2-0-1");

        registry.replaceDiscovered(Map.of("ip-10-2-0-1", "https://10.2.0.1:8443"));

        assertThat(find("ip-10-2-0-1")).isNotSameAs(before);
        assertThat(find("ip-10-2-0-1").url()).hasToString("https://10.2.0.1:8443");
    }

    @Test
    void discoveryLeavesTheIdsOfStaticAndRegisteredServersAlone() {
        registry.register("fs-1", "http://10.0.1.1:8081");

        registry.replaceDiscovered(ordered("fs-static-1", "http://10.2.0.1:8081", "fs-1", "http://10.2.0.2:8081"));

        assertThat(find("fs-static-1").source()).isEqualTo(ServerSource.STATIC);
        assertThat(find("fs-static-1").url()).hasToString("http://10.0.0.1:8081");
        assertThat(find("fs-1").source()).isEqualTo(ServerSource.REGISTERED);
        assertThat(registry.servers()).hasSize(3);
    }

    @Test
    void aDiscoveredIdCanOnlyHeartbeatWithItsUrlAndDeregisteringTakesItDown() {
        registry.replaceDiscovered(Map.of("ip-10-2-0-1", "http://10.2.0.1:8081"));

        assertThat(registry.register("ip-10-2-0-1", "http://10.2.0.1:8081").source())
                .isEqualTo(ServerSource.DISCOVERED);
        assertThatThrownBy(() -> registry.register("ip-10-2-0-1", "http://10.9.9.9:8081"))
                .isInstanceOf(ServerIdConflict.class);

        registry.deregister("ip-10-2-0-1");
        assertThat(find("ip-10-2-0-1").state()).isEqualTo(ServerState.DOWN);
    }

    @Test
    void aDiscoveredServerWakesWaiters() throws Exception {
        long seen = registry.changeVersion();

        registry.replaceDiscovered(Map.of("ip-10-2-0-1", "http://10.2.0.1:8081"));

        assertThat(registry.awaitChange(seen, Duration.ZERO)).isTrue();
        long after = registry.changeVersion();
        registry.replaceDiscovered(Map.of("ip-10-2-0-1", "http://10.2.0.1:8081"));
        assertThat(registry.changeVersion()).as("nothing new joined").isEqualTo(after);
    }

    @Test
    void aBrokenDiscoveredAddressIsRefusedAndChangesNothing() {
        registry.replaceDiscovered(Map.of("ip-10-2-0-1", "http://10.2.0.1:8081"));

        assertThatThrownBy(() -> registry.replaceDiscovered(Map.of("IP_10", "http://10.2.0.1:8081")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IP_10");
        assertThatThrownBy(() -> registry.replaceDiscovered(Map.of("ip-10-2-0-1", "ftp://10.2.0.1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.servers()).extracting(KnownServer::id).contains("ip-10-2-0-1");
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

    private static Map<String, String> ordered(String... idsAndUrls) {
        Map<String, String> servers = new LinkedHashMap<>();
        for (int i = 0; i < idsAndUrls.length; i += 2) {
            servers.put(idsAndUrls[i], idsAndUrls[i + 1]);
        }
        return servers;
    }

    private KnownServer find(String id) {
        return registry.servers().stream()
                .filter(server -> server.id().equals(id))
                .findFirst()
                .orElseThrow();
    }
}
