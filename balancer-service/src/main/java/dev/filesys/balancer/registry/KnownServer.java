package dev.filesys.balancer.registry;

import dev.filesys.protocol.Availability;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file-service the balancer knows, and its health as the failure protocol tracks it. Probes from requests and from
 * the background checker both report here; the state changes are:
 *
 * <ul>
 *   <li>a failure (no answer) counts; fewer than {@code fall} in a row make the server SUSPECT, {@code fall} make it
 *       DOWN. A DOWN server stays DOWN whatever fails next.
 *   <li>an answer (yes or no: the server is alive and speaks the protocol) resets the failures; after {@code rise}
 *       answers in a row a SUSPECT or DOWN server is UP again.
 * </ul>
 */
public final class KnownServer {

    private static final Logger log = LoggerFactory.getLogger(KnownServer.class);
    private static final String AVAILABILITY_PATH = "/internal/v1/availability";

    private final String id;
    private final URI url;
    private final URI availabilityUri;
    private final ServerSource source;
    private volatile URI publicUrl;
    private final int fall;
    private final int rise;
    private final Runnable onRecovery;

    private ServerState state = ServerState.UP;
    private int consecutiveFailures;
    private int consecutiveAnswers;
    private Duration lastLatency;
    private Integer activeSessions;
    private Integer capacity;
    private Instant lastSeen;
    private Instant leaseExpiresAt;

    KnownServer(String id, URI url, URI publicUrl, ServerSource source, int fall, int rise, Runnable onRecovery) {
        this.id = id;
        this.url = url;
        this.publicUrl = publicUrl;
        this.availabilityUri = URI.create(url + AVAILABILITY_PATH);
        this.source = source;
        this.fall = fall;
        this.rise = rise;
        this.onRecovery = onRecovery;
    }

    public String id() {
        return id;
    }

    /** The base URL it is probed at, without a trailing slash. */
    public URI url() {
        return url;
    }

    /**
     * The base URL clients are sent to, when it was configured or registered as another one than {@link #url()}
     * (behind an edge proxy); null otherwise.
     */
    public URI publicUrl() {
        return publicUrl;
    }

    void updatePublicUrl(URI publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** Where to ask it whether it takes a client. */
    public URI availabilityUri() {
        return availabilityUri;
    }

    public ServerSource source() {
        return source;
    }

    public synchronized ServerState state() {
        return state;
    }

    /** Whether requests skip it without asking. */
    public synchronized boolean isDown() {
        return state == ServerState.DOWN;
    }

    /** Records an answer to a probe: the server is alive, whether it said yes or no. */
    public void recordAnswer(Availability availability, Duration latency, Instant at) {
        boolean recovered;
        synchronized (this) {
            lastLatency = latency;
            lastSeen = at;
            activeSessions = availability.activeSessions();
            capacity = availability.capacity();
            consecutiveFailures = 0;
            consecutiveAnswers++;
            recovered = state != ServerState.UP && consecutiveAnswers >= rise;
            if (recovered) {
                state = ServerState.UP;
            }
        }
        if (recovered) {
            log.info("server {} is UP again after {} answers in a row", id, rise);
            onRecovery.run();
        }
    }

    /** Records a probe that got no usable answer (refused, timed out, 5xx, malformed). */
    public void recordFailure(Duration latency, Instant at, String why) {
        ServerState before;
        ServerState after;
        int failures;
        synchronized (this) {
            lastLatency = latency;
            consecutiveAnswers = 0;
            failures = ++consecutiveFailures;
            before = state;
            if (state != ServerState.DOWN) {
                state = failures >= fall ? ServerState.DOWN : ServerState.SUSPECT;
            }
            after = state;
        }
        if (after == ServerState.DOWN && before != ServerState.DOWN) {
            log.warn("server {} is DOWN after {} failures in a row (last: {})", id, failures, why);
        } else if (after == ServerState.SUSPECT && before == ServerState.UP) {
            log.warn("server {} is SUSPECT: {}", id, why);
        }
    }

    /** Takes it out of rotation at once (a statically configured server said it is shutting down). */
    synchronized void markDown() {
        state = ServerState.DOWN;
        consecutiveAnswers = 0;
    }

    synchronized void renewLease(Instant seenAt, Instant expiresAt) {
        lastSeen = seenAt;
        leaseExpiresAt = expiresAt;
    }

    synchronized boolean leaseExpired(Instant now) {
        return leaseExpiresAt != null && !now.isBefore(leaseExpiresAt);
    }

    /** A snapshot of what is known about it. */
    public synchronized ServerView view() {
        return new ServerView(
                id,
                url.toString(),
                publicUrl == null ? null : publicUrl.toString(),
                state,
                source,
                lastLatency == null ? null : lastLatency.toMillis(),
                consecutiveFailures,
                activeSessions,
                capacity,
                lastSeen,
                leaseExpiresAt);
    }

    @Override
    public String toString() {
        return "KnownServer[" + id + " " + url + "]";
    }
}
