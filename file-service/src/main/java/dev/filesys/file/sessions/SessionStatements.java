package dev.filesys.file.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SessionRepository} does in SQL rather than through the {@link Session} entity: the lookup of
 * {@link SessionService#authenticate} when a session is not in memory (outside any transaction: each round trip counts),
 * writing the uses of many sessions at once, and closing expired sessions as one set.
 */
interface SessionStatements {

    /**
     * Stores a new session. Its id is assigned by {@link Session#halfOpen}, so {@code save} would take it for a stored
     * one and look for its row first; this inserts straight away.
     */
    void insert(Session session);

    /** The session whose token has this hash, with the name of the user it is logged in as. */
    Optional<Found> byTokenHash(byte[] tokenHash);

    /**
     * Marks open sessions as used, each at its own time, in one statement; a row that records a later use already (from
     * another instance) keeps it.
     *
     * @param lastUses session id → its latest use
     */
    void touchEach(Map<UUID, Instant> lastUses);

    /**
     * Closes every open session past its idle timeout or lifetime, and every one nobody logged in to in time, in one
     * statement, so what is announced as closed is exactly what this transaction closed.
     *
     * @return the closed sessions, with the users they were logged in as (null for none)
     */
    List<SessionUser> closeExpired(Instant now, Instant idleCutoff, Instant lifetimeCutoff);

    /**
     * A session as one request sees it.
     *
     * @param userId the user it is logged in as, or null
     * @param username that user's name, or null
     * @param admin whether that user is an admin
     * @param disabled whether that user is disabled (their sessions are closed; this one is refused)
     * @param mustChangePassword whether that user must change their password before anything else
     */
    record Found(
            UUID id,
            SessionState state,
            @Nullable UUID userId,
            @Nullable String username,
            Instant startedAt,
            Instant lastUsedAt,
            @Nullable Instant anonymousUntil,
            boolean admin,
            boolean disabled,
            boolean mustChangePassword) {

        /** The same session, last used at {@code lastUse} (a use this instance has not written yet). */
        Found usedAt(Instant lastUse) {
            return new Found(
                    id,
                    state,
                    userId,
                    username,
                    startedAt,
                    lastUse,
                    anonymousUntil,
                    admin,
                    disabled,
                    mustChangePassword);
        }

        /** As {@link Session#isExpired}. */
        boolean isExpired(Duration idleTimeout, Duration maxLifetime, Instant now) {
            return Session.isExpired(
                    startedAt, lastUsedAt, userId == null ? anonymousUntil : null, idleTimeout, maxLifetime, now);
        }
    }
}
