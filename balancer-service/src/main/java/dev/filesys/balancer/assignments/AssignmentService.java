package dev.filesys.balancer.assignments;

import dev.filesys.balancer.BalancerProperties;
import dev.filesys.balancer.polling.AvailabilityProbe;
import dev.filesys.balancer.polling.ProbeResult;
import dev.filesys.balancer.registry.KnownServer;
import dev.filesys.balancer.registry.ServerRegistry;
import dev.filesys.protocol.Assignment;
import dev.filesys.protocol.authcode.AuthCodeSigner;
import dev.filesys.protocol.authcode.AuthCodeSigner.SignedAuthCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Picks a file-service for a client: one full round-robin cycle over the known servers, starting after the
 * cursor, skipping DOWN ones without asking, asking the others until one says yes; the first yes gets a signed auth
 * code. When a whole cycle finds nobody, the request waits (for a server to join or come back UP, or a backoff pause of
 * 50 ms doubling up to {@code retry-backoff}) and cycles again until its {@code waitSeconds} run out, then fails with
 * {@link NoServerAvailable}. So a request takes at most {@code waitSeconds} plus one cycle.
 *
 * <p>The cursor is a ticket counter: each cycle takes the next ticket and starts at that server, so concurrent requests
 * start at different servers and spread evenly. A cycle that had to pass servers by advances the counter by as many, so
 * the next request starts after the server that was chosen rather than at one that just said no.
 *
 * <p>On shutdown it stops waiting: requests still cycling give up within one pause, and the web server can drain. That
 * is why it is a {@link SmartLifecycle}: it stops before the web server's graceful shutdown, which would otherwise wait
 * out every request's {@code waitSeconds}.
 */
@Service
class AssignmentService implements SmartLifecycle {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);

    private final ServerRegistry registry;
    private final AvailabilityProbe probe;
    private final AuthCodeSigner signer;
    private final Duration retryBackoff;
    private final long retryAfterSeconds;
    private final Counter assigned;
    private final Counter noServer;
    private final AtomicLong cursor = new AtomicLong();
    private volatile boolean running;

    AssignmentService(
            ServerRegistry registry,
            AvailabilityProbe probe,
            AuthCodeSigner signer,
            BalancerProperties properties,
            MeterRegistry meters) {
        this.registry = registry;
        this.probe = probe;
        this.signer = signer;
        this.retryBackoff = properties.polling().retryBackoff();
        long interval = properties.polling().interval().toMillis();
        this.retryAfterSeconds = Math.max(1, (interval + 999) / 1000);
        this.assigned = assignments(meters, "assigned");
        this.noServer = assignments(meters, "no_server");
    }

    /**
     * @param wait how long to keep trying when no server is available at once
     * @return the chosen server and a code for it
     * @throws NoServerAvailable when every server said no or failed until the wait ran out
     */
    Assignment assign(Duration wait) {
        Chosen chosen = choose(wait);
        String serverId = audience(chosen.server(), chosen.answer());
        SignedAuthCode code = signer.sign(serverId);
        assigned.increment();
        return new Assignment(serverId, clientsUrl(chosen.server(), chosen.answer()), code.code(), code.expiresAt());
    }

    /**
     * The public base URL of a server that said yes, chosen as for an assignment but without a code: where a public
     * link's holder is sent. Only ever a known server's.
     *
     * @throws NoServerAvailable when every server said no or failed until the wait ran out
     */
    String serverUrl(Duration wait) {
        Chosen chosen = choose(wait);
        return clientsUrl(chosen.server(), chosen.answer());
    }

    /** A server that said yes, and its answer. */
    private record Chosen(KnownServer server, ProbeResult answer) {}

    private Chosen choose(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        Duration pause = shorter(FIRST_PAUSE, retryBackoff);
        while (true) {
            long seen = registry.changeVersion();
            Optional<Chosen> found = oneCycle();
            if (found.isPresent()) {
                return found.get();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || !running) {
                break;
            }
            try {
                registry.awaitChange(seen, shorter(pause, Duration.ofNanos(remaining)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause = shorter(pause.multipliedBy(2), retryBackoff);
        }
        noServer.increment();
        throw new NoServerAvailable(retryAfterSeconds);
    }

    private Optional<Chosen> oneCycle() {
        List<KnownServer> servers = registry.servers();
        int count = servers.size();
        if (count == 0) {
            return Optional.empty();
        }
        long ticket = cursor.getAndIncrement();
        for (int passed = 0; passed < count; passed++) {
            KnownServer server = servers.get(Math.floorMod(ticket + passed, count));
            if (server.isDown()) {
                continue;
            }
            ProbeResult answer = probe.ask(server);
            if (answer.available()) {
                if (passed > 0) {
                    cursor.addAndGet(passed);
                }
                return Optional.of(new Chosen(server, answer));
            }
        }
        return Optional.empty();
    }

    /**
     * The id the code is for: the one the server gave in the answer that said yes, else the one it is known by. A
     * discovered server is known only by its address, so without the id from its answer its codes would be refused.
     */
    private static String audience(KnownServer server, ProbeResult answer) {
        return Objects.requireNonNullElse(answer.availability().serverId(), server.id());
    }

    /**
     * Where the client is to go: the public URL the server gave in its answer (behind an edge proxy, the only address
     * a client outside can reach), else the one configured or registered for it, else the URL it was probed at.
     */
    private static String clientsUrl(KnownServer server, ProbeResult answer) {
        String reported = answer.availability().publicUrl();
        return reported != null
                ? reported
                : Objects.requireNonNullElse(server.publicUrl(), server.url()).toString();
    }

    private static Duration shorter(Duration one, Duration other) {
        return one.compareTo(other) <= 0 ? one : other;
    }

    private static Counter assignments(MeterRegistry meters, String outcome) {
        return Counter.builder("filesys.balancer.assignments")
                .tag("outcome", outcome)
                .description("Assignment requests by outcome")
                .register(meters);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
