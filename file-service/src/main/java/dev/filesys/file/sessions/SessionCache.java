package dev.filesys.file.sessions;

import dev.filesys.file.FileServiceProperties;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Sessions as this instance last read them, so that a steady stream of requests on one session does not read its row
 * each time. An entry is served for at most {@code filesys.sessions.max-staleness} after it was read (then the row is
 * read again), and only while this instance listens for the cluster's events: a change that ends or changes a session
 * is announced as an event (login, logout, a session closed, expired or revoked), whose arrival on every instance drops
 * that user's entries. So a change made on any instance is seen on every other within the bound even when its
 * announcement never arrives, and usually within milliseconds.
 *
 * <p>Changes made through this instance drop their entries as their transaction commits, so the instance that made a
 * change sees it at once. A read that raced an invalidation is not kept: every invalidation moves a generation, and an
 * entry read before the move is discarded rather than stored.
 */
@Component
public class SessionCache {

    private final Map<ByteBuffer, Entry> byTokenHash = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final long maxStalenessNanos;
    private volatile boolean listening;

    SessionCache(FileServiceProperties properties) {
        this.maxStalenessNanos = properties.sessions().maxStaleness().toNanos();
    }

    /**
     * Whether this instance hears the cluster's events. While it does not (before its listener is up, after its
     * connection was lost and until it is back and has caught up), nothing is served from memory.
     */
    public void listening(boolean listening) {
        this.listening = listening;
        generation.incrementAndGet();
        byTokenHash.clear();
    }

    /** Whether sessions may be answered from memory now. */
    boolean listening() {
        return listening;
    }

    /** Drops every entry of the user's sessions: something about the user or one of their sessions changed. */
    public void forgetUser(UUID userId) {
        generation.incrementAndGet();
        byTokenHash.values().removeIf(entry -> userId.equals(entry.session().userId()));
    }

    /** Drops the session's entry (under any token it had). */
    void forgetSession(UUID sessionId) {
        generation.incrementAndGet();
        byTokenHash.values().removeIf(entry -> sessionId.equals(entry.session().id()));
    }

    /** The position to pass to {@link #remember} for a row about to be read. */
    long generation() {
        return generation.get();
    }

    /** The session under this token hash, if it was read within the bound and nothing dropped it since. */
    Optional<Entry> find(byte[] tokenHash) {
        if (!listening) {
            return Optional.empty();
        }
        Entry entry = byTokenHash.get(ByteBuffer.wrap(tokenHash));
        if (entry == null || System.nanoTime() - entry.readAtNanos() >= maxStalenessNanos) {
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    /**
     * Keeps an open session as read from the database, unless an invalidation happened since {@code readGeneration}
     * (the row may predate that change).
     */
    void remember(byte[] tokenHash, SessionStatements.Found session, long readGeneration, long readAtNanos) {
        if (!listening || maxStalenessNanos <= 0 || session.state() != SessionState.OPEN) {
            return;
        }
        ByteBuffer key = ByteBuffer.wrap(tokenHash.clone());
        Entry entry = new Entry(session, readAtNanos, session.lastUsedAt());
        if (generation.get() != readGeneration) {
            return;
        }
        byTokenHash.put(key, entry);
        if (generation.get() != readGeneration) {
            byTokenHash.remove(key, entry);
        }
    }

    /** Removes entries past the bound, so the map holds only sessions used within it. */
    void evictStale() {
        long now = System.nanoTime();
        byTokenHash.values().removeIf(entry -> now - entry.readAtNanos() >= maxStalenessNanos);
    }

    /** How many entries are held (for tests and the metric). */
    int size() {
        return byTokenHash.size();
    }

    /**
     * One cached session.
     *
     * @param readAtNanos when its row was read, in {@link System#nanoTime()}
     */
    static final class Entry {

        private final SessionStatements.Found session;
        private final long readAtNanos;
        /** The latest use recorded: the row's, or a later request's on this instance (within a second of the latest). */
        private volatile Instant lastUsedAt;

        Entry(SessionStatements.Found session, long readAtNanos, Instant lastUsedAt) {
            this.session = session;
            this.readAtNanos = readAtNanos;
            this.lastUsedAt = lastUsedAt;
        }

        SessionStatements.Found session() {
            return session;
        }

        long readAtNanos() {
            return readAtNanos;
        }

        Instant lastUsedAt() {
            return lastUsedAt;
        }

        /**
         * Records a use, unless one was recorded less than {@code every} before.
         *
         * @return whether it was recorded (and should be written)
         */
        boolean usedAt(Instant now, Duration every) {
            if (now.isBefore(lastUsedAt.plus(every))) {
                return false;
            }
            lastUsedAt = now;
            return true;
        }

        boolean isExpired(Duration idleTimeout, Duration maxLifetime, Instant now) {
            return Session.isExpired(
                    session.startedAt(),
                    lastUsedAt,
                    session.userId() == null ? session.anonymousUntil() : null,
                    idleTimeout,
                    maxLifetime,
                    now);
        }
    }
}
