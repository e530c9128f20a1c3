package dev.filesys.balancer.registry;

import dev.filesys.balancer.BalancerProperties;
import dev.filesys.balancer.BalancerProperties.StaticServer;
import dev.filesys.support.ApiException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The file-services the balancer knows: static ones from configuration (they never drop out), self-registered ones
 * that renew a lease with every heartbeat and drop out when it runs out, and discovered ones that DNS discovery adds
 * and removes as their addresses come and go. Kept in memory only: configuration, heartbeats and DNS rebuild it after a
 * restart.
 *
 * <p>Reads are lock-free on an immutable snapshot; changes rebuild the snapshot under a lock.
 */
@Component
public class ServerRegistry {

    private static final Logger log = LoggerFactory.getLogger(ServerRegistry.class);

    private final Clock clock;
    private final Duration lease;
    private final int fall;
    private final int rise;
    private final ChangeSignal changes = new ChangeSignal();

    private final Object lock = new Object();
    private final Map<String, KnownServer> byId = new LinkedHashMap<>();
    private volatile List<KnownServer> snapshot = List.of();

    public ServerRegistry(BalancerProperties properties, Clock clock) {
        this.clock = clock;
        this.lease = properties.lease();
        this.fall = properties.polling().fall();
        this.rise = properties.polling().rise();
        List<StaticServer> configured = properties.servers();
        for (int i = 0; i < configured.size(); i++) {
            StaticServer server = configured.get(i);
            String where = "filesys.balancer.servers[" + i + "]";
            try {
                String id = ServerAddresses.requireValidId(server.id());
                URI url = ServerAddresses.requireValidUrl(server.url());
                URI publicUrl = optionalUrl(server.publicUrl());
                if (byId.containsKey(id)) {
                    throw new IllegalStateException(where + ": server id '" + id + "' is configured twice");
                }
                byId.put(id, newServer(id, url, publicUrl, ServerSource.STATIC));
            } catch (ApiException e) {
                throw new IllegalStateException(where + ": " + e.getBody().getDetail(), e);
            }
        }
        publish();
        if (!byId.isEmpty()) {
            log.info("static servers: {}", byId.keySet());
        }
    }

    /**
     * The servers in round-robin order: static ones in configuration order, then registered and discovered ones in the
     * order they first appeared. Registrations whose lease ran out are dropped on the way.
     */
    public List<KnownServer> servers() {
        List<KnownServer> current = snapshot;
        Instant now = clock.instant();
        return current.stream().anyMatch(server -> server.leaseExpired(now)) ? dropExpired(now) : current;
    }

    /** What {@code GET /api/v1/servers} shows. */
    public List<ServerView> views() {
        return servers().stream().map(KnownServer::view).toList();
    }

    /** How many known servers are in {@code state} now. */
    public long count(ServerState state) {
        return servers().stream().filter(server -> server.state() == state).count();
    }

    /** As {@link #register(String, String, String)} for a server clients reach at the URL it is probed at. */
    public ServerView register(String serverId, String url) {
        return register(serverId, url, null);
    }

    /**
     * Registers a server or renews its lease (the heartbeat). An id is bound to the URL it registered with until its
     * lease runs out or it deregisters: another URL under it is refused, so nobody can take over a live server's id
     * (and with it the clients and auth codes meant for that server). The id of a static or discovered server may only
     * heartbeat with that server's URL. A changed public URL is taken over as it is.
     *
     * @param publicUrl where clients are to be sent when that is not {@code url} (behind an edge proxy), or null
     * @throws ApiException {@code INVALID_SERVER_ID}, {@code INVALID_SERVER_URL}, {@code SERVER_ID_CONFLICT}
     */
    public ServerView register(String serverId, String url, String publicUrl) {
        String id = ServerAddresses.requireValidId(serverId);
        URI address = ServerAddresses.requireValidUrl(url);
        URI clientsUrl = optionalUrl(publicUrl);
        Instant now = clock.instant();
        KnownServer previous;
        KnownServer added;
        synchronized (lock) {
            removeExpired(now);
            previous = byId.get(id);
            if (previous != null && previous.source() != ServerSource.REGISTERED) {
                if (!previous.url().equals(address)) {
                    throw new ServerIdConflict(id, ServerIdConflict.Holder.CONFIGURED);
                }
                previous.renewLease(now, null);
                return previous.view();
            }
            if (previous != null && previous.url().equals(address)) {
                previous.updatePublicUrl(clientsUrl);
                previous.renewLease(now, now.plus(lease));
                return previous.view();
            }
            if (previous != null) {
                // the id belongs to the server that holds its lease: nobody takes it over while it heartbeats
                throw new ServerIdConflict(id, ServerIdConflict.Holder.REGISTERED);
            }
            added = newServer(id, address, clientsUrl, ServerSource.REGISTERED);
            added.renewLease(now, now.plus(lease));
            byId.put(id, added);
            publish();
        }
        log.info("server {} registered at {}", id, address);
        changes.signal();
        return added.view();
    }

    /**
     * Takes a server out: a registered one is forgotten, a static or discovered one is marked DOWN until the background
     * checker hears from it again (or discovery no longer finds it). Unknown ids are fine (idempotent).
     *
     * @throws ApiException {@code INVALID_SERVER_ID}
     */
    public void deregister(String serverId) {
        String id = ServerAddresses.requireValidId(serverId);
        KnownServer removed;
        synchronized (lock) {
            KnownServer server = byId.get(id);
            if (server == null) {
                return;
            }
            if (server.source() != ServerSource.REGISTERED) {
                server.markDown();
                log.info("{} server {} deregistered: DOWN until it answers again", server.source(), id);
                return;
            }
            removed = byId.remove(id);
            publish();
        }
        log.info("server {} deregistered", removed.id());
    }

    /**
     * Makes the discovered servers those of {@code found} (id to base URL): new ones join at the end of the rotation
     * with a fresh health record, known ones keep theirs, and discovered ones not in {@code found} (or now at another
     * URL) drop out. An id that a static or registered server already holds is left to that server.
     *
     * @throws IllegalArgumentException when an id or URL breaks the rules for ids and URLs
     */
    public void replaceDiscovered(Map<String, String> found) {
        Map<String, URI> wanted = new LinkedHashMap<>();
        found.forEach((id, url) -> {
            try {
                wanted.put(ServerAddresses.requireValidId(id), ServerAddresses.requireValidUrl(url));
            } catch (ApiException e) {
                throw new IllegalArgumentException(
                        "discovered server " + id + " at " + url + ": "
                                + e.getBody().getDetail(),
                        e);
            }
        });
        List<KnownServer> gone = new ArrayList<>();
        List<KnownServer> joined = new ArrayList<>();
        synchronized (lock) {
            removeExpired(clock.instant());
            byId.values().removeIf(server -> {
                boolean vanished = server.source() == ServerSource.DISCOVERED
                        && !server.url().equals(wanted.get(server.id()));
                if (vanished) {
                    gone.add(server);
                }
                return vanished;
            });
            wanted.forEach((id, url) -> {
                if (!byId.containsKey(id)) {
                    KnownServer added = newServer(id, url, null, ServerSource.DISCOVERED);
                    byId.put(id, added);
                    joined.add(added);
                }
            });
            if (!gone.isEmpty() || !joined.isEmpty()) {
                publish();
            }
        }
        gone.forEach(server -> log.info("server {} at {} is no longer discovered, dropped", server.id(), server.url()));
        joined.forEach(server -> log.info("server {} discovered at {}", server.id(), server.url()));
        if (!joined.isEmpty()) {
            changes.signal();
        }
    }

    /** A number that changes whenever a server joins or comes back UP; see {@link #awaitChange}. */
    public long changeVersion() {
        return changes.version();
    }

    /**
     * Waits until a server joins or comes back UP after {@code seenVersion} was read, or the timeout passes.
     *
     * @return whether something changed
     */
    public boolean awaitChange(long seenVersion, Duration timeout) throws InterruptedException {
        return changes.awaitChangeAfter(seenVersion, timeout);
    }

    private KnownServer newServer(String id, URI url, URI publicUrl, ServerSource source) {
        return new KnownServer(id, url, publicUrl, source, fall, rise, changes::signal);
    }

    /** A public URL checked by the rules for URLs; none when absent or the same as nothing. */
    private static URI optionalUrl(String url) {
        return url == null || url.isBlank() ? null : ServerAddresses.requireValidUrl(url);
    }

    private List<KnownServer> dropExpired(Instant now) {
        synchronized (lock) {
            removeExpired(now);
            return snapshot;
        }
    }

    private void removeExpired(Instant now) {
        boolean removed = byId.values().removeIf(server -> {
            boolean expired = server.leaseExpired(now);
            if (expired) {
                log.info("server {} missed its heartbeats: lease expired, dropped", server.id());
            }
            return expired;
        });
        if (removed) {
            publish();
        }
    }

    private void publish() {
        snapshot = List.copyOf(byId.values());
    }
}
