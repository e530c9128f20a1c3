package dev.filesys.file.sessions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The per-request reads and writes of {@link SessionService#authenticate}, in plain SQL outside any transaction: the
 * session a token names and its user's name in one query, and the occasional touch of {@code last_used_at} in one
 * statement. Every request of the API goes through here, so each round trip to the database counts.
 */
@Repository
class SessionLookup {

    private final JdbcClient jdbc;

    SessionLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The session whose token has this hash, with the name of the user it is logged in as. */
    Optional<Found> byTokenHash(byte[] tokenHash) {
        return jdbc.sql("""
                        SELECT s.id, s.state, s.user_id, u.username, s.started_at, s.last_used_at, s.anonymous_until
                        FROM sessions s LEFT JOIN users u ON u.id = s.user_id
                        WHERE s.token_hash = :tokenHash
                        """)
                .param("tokenHash", tokenHash)
                .query(SessionLookup::map)
                .optional();
    }

    /** Marks an open session as used at {@code now}, unless a later use already did. */
    void touch(UUID sessionId, Instant now) {
        jdbc.sql("UPDATE sessions SET last_used_at = :now WHERE id = :id AND state = 'OPEN' AND last_used_at < :now")
                .param("id", sessionId)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }

    /**
     * A session as one request sees it.
     *
     * @param userId the user it is logged in as, or null
     * @param username that user's name, or null
     */
    record Found(
            UUID id,
            SessionState state,
            UUID userId,
            String username,
            Instant startedAt,
            Instant lastUsedAt,
            Instant anonymousUntil) {

        /** As {@link Session#isExpired}. */
        boolean isExpired(Duration idleTimeout, Duration maxLifetime, Instant now) {
            return Session.isExpired(
                    startedAt, lastUsedAt, userId == null ? anonymousUntil : null, idleTimeout, maxLifetime, now);
        }
    }

    private static Found map(ResultSet rs, int row) throws SQLException {
        return new Found(
                rs.getObject("id", UUID.class),
                SessionState.valueOf(rs.getString("state")),
                rs.getObject("user_id", UUID.class),
                rs.getString("username"),
                rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                rs.getObject("last_used_at", OffsetDateTime.class).toInstant(),
                instant(rs.getObject("anonymous_until", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
