package dev.filesys.file.availability;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.protocol.Availability;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Whether this instance takes a new client, answered from memory: the draining flag, the in-memory session count and
 * the last results of the background health check. The probe and handshakes read it; nothing here touches the
 * database or the disk.
 */
@Component
public class InstanceAvailability {

    /** Why the answer is no. */
    public enum Reason {
        DRAINING,
        DATABASE_UNREACHABLE,
        STORAGE_UNAVAILABLE,
        AT_CAPACITY
    }

    private final ActiveSessions activeSessions;
    private final int capacity;
    private final String serverId;
    private final String publicUrl;
    private final Duration staleAfter;
    private final Clock clock;

    private volatile boolean draining;
    private volatile boolean storageUsable;
    private volatile Instant databaseLastReached;
    private volatile boolean databaseLastCheckFailed = true;

    InstanceAvailability(ActiveSessions activeSessions, FileServiceProperties properties, Clock clock) {
        this.activeSessions = activeSessions;
        this.clock = clock;
        this.capacity = properties.sessions().capacity();
        this.serverId = properties.server().id();
        this.publicUrl = properties.server().publicUrlIfSet();
        this.staleAfter = properties.availability().staleAfter();
    }

    /**
     * The answer for the balancer; {@code reason} names the first thing that says no, {@code serverId} tells a balancer
     * that found this instance by its address which audience its auth codes must name, and {@code publicUrl} (when
     * configured) where its clients are to be sent.
     */
    public Availability current() {
        int active = activeSessions.get();
        Reason reason = reason(active);
        return new Availability(
                reason == null, active, capacity, reason == null ? null : reason.name(), serverId, publicUrl);
    }

    /** Why this instance says no right now, or null when it says yes. */
    public Reason reason() {
        return reason(activeSessions.get());
    }

    private @Nullable Reason reason(int active) {
        if (draining) {
            return Reason.DRAINING;
        }
        if (!databaseReachable()) {
            return Reason.DATABASE_UNREACHABLE;
        }
        if (!storageUsable) {
            return Reason.STORAGE_UNAVAILABLE;
        }
        if (active >= capacity) {
            return Reason.AT_CAPACITY;
        }
        return null;
    }

    private boolean databaseReachable() {
        Instant reached = databaseLastReached;
        return !databaseLastCheckFailed && reached != null && clock.instant().isBefore(reached.plus(staleAfter));
    }

    /** From now on, say no to new clients; open sessions and requests in flight carry on. */
    public void drain() {
        draining = true;
    }

    /** Takes new clients again: the application was stopped and has been started again (a paused context). */
    public void accept() {
        draining = false;
    }

    public boolean isDraining() {
        return draining;
    }

    void databaseChecked(boolean reachable) {
        if (reachable) {
            databaseLastReached = clock.instant();
        }
        databaseLastCheckFailed = !reachable;
    }

    void storageChecked(boolean usable) {
        storageUsable = usable;
    }
}
