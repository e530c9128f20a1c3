package dev.filesys.balancer.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.balancer.BalancerProperties;
import dev.filesys.balancer.MutableClock;
import dev.filesys.balancer.TestProperties;
import dev.filesys.balancer.registry.KnownServer;
import dev.filesys.balancer.registry.ServerRegistry;
import dev.filesys.balancer.registry.ServerSource;
import dev.filesys.balancer.registry.ServerState;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Discovery against a stand-in for DNS (the answers are the test's), and once against the system resolver with
 * {@code localhost}. The registry is real.
 */
class DnsDiscoveryTest {

    private static final String NAME = "file-service-headless.filesys.svc.cluster.local";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final FakeDns dns = new FakeDns();
    private DnsDiscovery discovery;
    private ScheduledTaskRegistrar scheduled;

    @AfterEach
    void stop() {
        if (scheduled != null) {
            scheduled.destroy();
        }
    }

    @Test
    void everyAddressIsAServerWithAnIdAndUrlDerivedFromIt() throws Exception {
        ServerRegistry registry = registry(Map.of());
        discovery = discovery(registry, Map.of("discovery.port", "9090"));
        dns.answer("10.1.2.3", "10.1.2.4");

        discovery.refresh();

        assertThat(registry.views())
                .extracting(view -> view.serverId() + " " + view.url() + " " + view.source())
                .containsExactly(
                        "ip-10-1-2-3 http://10.1.2.3:9090 DISCOVERED", "ip-10-1-2-4 http://10.1.2.4:9090 DISCOVERED");
    }

    @Test
    void newAddressesJoinVanishedOnesDropOutAndTheOthersKeepTheirHealth() throws Exception {
        ServerRegistry registry = registry(Map.of());
        discovery = discovery(registry, Map.of());
        dns.answer("10.1.2.3", "10.1.2.4");
        discovery.refresh();
        KnownServer kept = find(registry, "ip-10-1-2-4");
        kept.recordFailure(Duration.ofMillis(1), clock.instant(), "refused");

        dns.answer("10.1.2.5", "10.1.2.4");
        discovery.refresh();

        assertThat(registry.servers()).extracting(KnownServer::id).containsExactly("ip-10-1-2-4", "ip-10-1-2-5");
        assertThat(find(registry, "ip-10-1-2-4")).isSameAs(kept);
        assertThat(kept.state()).isEqualTo(ServerState.SUSPECT);
    }

    @Test
    void whenTheNameDoesNotResolveTheServersFoundLastStay() throws Exception {
        ServerRegistry registry = registry(Map.of());
        discovery = discovery(registry, Map.of());
        dns.answer("10.1.2.3");
        discovery.refresh();

        dns.fail();
        discovery.refresh();
        assertThat(registry.servers()).extracting(KnownServer::id).containsExactly("ip-10-1-2-3");

        dns.answer("10.1.2.9");
        discovery.refresh();
        assertThat(registry.servers()).extracting(KnownServer::id).containsExactly("ip-10-1-2-9");
        assertThat(dns.lookups).containsOnly(NAME);
    }

    @Test
    void ipv6AddressesGetValidIdsAndBracketedUrls() throws Exception {
        ServerRegistry registry = registry(Map.of());
        discovery = discovery(registry, Map.of("discovery.scheme", "https", "discovery.port", "8443"));
        dns.answer("fd00::a:1", "fe80::1%1");

        discovery.refresh();

        assertThat(registry.views())
                .extracting(view -> view.serverId() + " " + view.url())
                .containsExactlyInAnyOrder(
                        "ip-fd00-0-0-0-0-0-a-1 https://[fd00:0:0:0:0:0:a:1]:8443",
                        "ip-fe80-0-0-0-0-0-0-1 https://[fe80:0:0:0:0:0:0:1]:8443");
    }

    @Test
    void theSameAddressTwiceIsOneServer() throws Exception {
        ServerRegistry registry = registry(Map.of());
        discovery = discovery(registry, Map.of());
        dns.answer("10.1.2.3", "10.1.2.3");

        discovery.refresh();

        assertThat(registry.servers()).hasSize(1);
    }

    @Test
    void staticServersAreUntouched() throws Exception {
        ServerRegistry registry =
                registry(Map.of("servers[0].id", "fs-static", "servers[0].url", "http://10.0.0.1:8081"));
        discovery = discovery(registry, Map.of());
        dns.answer("10.0.0.1");
        discovery.refresh();
        dns.answer("10.0.0.2");
        discovery.refresh();

        assertThat(registry.servers())
                .extracting(server -> server.id() + " " + server.source())
                .containsExactly("fs-static STATIC", "ip-10-0-0-2 DISCOVERED");
    }

    @Test
    void localhostResolvesThroughTheSystemResolver() {
        ServerRegistry registry = registry(Map.of());
        BalancerProperties properties = TestProperties.bind(Map.of("discovery.dns-name", "localhost"));
        discovery = new DnsDiscovery(registry, properties);

        discovery.refresh();

        assertThat(registry.views())
                .filteredOn(view -> view.source() == ServerSource.DISCOVERED)
                .extracting(view -> view.serverId() + " " + view.url())
                .contains("ip-127-0-0-1 http://127.0.0.1:8081");
    }

    @Test
    void itRunsOnlyWhenANameIsConfiguredAndResolvesAtOnceOnStart() throws Exception {
        ServerRegistry registry = registry(Map.of());
        discovery = new DnsDiscovery(registry, TestProperties.defaults().discovery(), dns);
        schedule(discovery);
        assertThat(scheduled.hasTasks()).isFalse();

        dns.answer("10.1.2.3");
        discovery = discovery(registry, Map.of("discovery.interval", "1h"));
        schedule(discovery);

        assertThat(scheduled.hasTasks()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.servers().size() == 1);
        List<ScheduledTask> tasks = List.copyOf(scheduled.getScheduledTasks());
        scheduled.destroy();
        assertThat(tasks)
                .isNotEmpty()
                .allSatisfy(task -> assertThat(task.nextExecution()).isNull());
    }

    @Test
    void brokenSettingsAreRefused() {
        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            Validator validator = validation.getValidator();
            assertThat(validator.validate(TestProperties.bind(Map.of("discovery.dns-name", NAME))))
                    .isEmpty();
            for (Map<String, String> broken : List.of(
                    Map.of("discovery.scheme", "ftp"),
                    Map.of("discovery.port", "0"),
                    Map.of("discovery.port", "65536"),
                    Map.of("discovery.interval", "0s"))) {
                assertThat(validator.validate(TestProperties.bind(broken)))
                        .as("%s", broken)
                        .isNotEmpty();
            }
        }
    }

    /** Schedules the discovery's job as the service's scheduler does, on a scheduler of the registrar's own. */
    private void schedule(DnsDiscovery job) {
        if (scheduled != null) {
            scheduled.destroy();
        }
        scheduled = new ScheduledTaskRegistrar();
        job.configureTasks(scheduled);
        scheduled.afterPropertiesSet();
    }

    private ServerRegistry registry(Map<String, String> settings) {
        return new ServerRegistry(TestProperties.bind(settings), clock);
    }

    private DnsDiscovery discovery(ServerRegistry registry, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("discovery.dns-name", NAME);
        return new DnsDiscovery(registry, TestProperties.bind(all).discovery(), dns);
    }

    private static KnownServer find(ServerRegistry registry, String id) {
        return registry.servers().stream()
                .filter(server -> server.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    /** Answers with the addresses the test sets, or fails as an unknown name does. */
    private static final class FakeDns implements AddressResolver {

        private volatile List<InetAddress> addresses = List.of();
        private volatile boolean failing;
        private final List<String> lookups = new CopyOnWriteArrayList<>();

        void answer(String... literals) throws UnknownHostException {
            List<InetAddress> parsed = new ArrayList<>();
            for (String literal : literals) {
                parsed.add(InetAddress.getByName(literal)); // a literal is parsed, not looked up
            }
            addresses = parsed;
            failing = false;
        }

        void fail() {
            failing = true;
        }

        @Override
        public List<InetAddress> resolve(String name) throws UnknownHostException {
            lookups.add(name);
            if (failing) {
                throw new UnknownHostException(name);
            }
            return addresses;
        }
    }
}
