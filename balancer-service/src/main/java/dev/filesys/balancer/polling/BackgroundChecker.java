package dev.filesys.balancer.polling;

import dev.filesys.balancer.BalancerProperties;
import dev.filesys.balancer.registry.KnownServer;
import dev.filesys.balancer.registry.ServerRegistry;
import dev.filesys.balancer.registry.ServerState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Every {@code interval}, probes the servers that are SUSPECT or DOWN (requests skip DOWN ones, so nothing else would
 * notice them come back), each on its own virtual thread so one hanging server does not delay the others. After
 * {@code rise} answers in a row a server is UP again (the server's health record does the counting).
 */
@Component
class BackgroundChecker implements SchedulingConfigurer {

    private final ServerRegistry registry;
    private final AvailabilityProbe probe;
    private final Duration interval;

    BackgroundChecker(ServerRegistry registry, AvailabilityProbe probe, BalancerProperties properties) {
        this.registry = registry;
        this.probe = probe;
        this.interval = properties.polling().interval();
    }

    /** One round: probes every SUSPECT or DOWN server once, in parallel, and returns when all are done. */
    void checkUnhealthy() {
        List<KnownServer> unhealthy = registry.servers().stream()
                .filter(server -> server.state() != ServerState.UP)
                .toList();
        if (unhealthy.isEmpty()) {
            return;
        }
        try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
            unhealthy.forEach(server -> probes.submit(() -> probe.check(server)));
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::checkUnhealthy, interval, interval));
    }
}
