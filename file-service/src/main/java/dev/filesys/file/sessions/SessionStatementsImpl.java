package dev.filesys.file.sessions;

import jakarta.persistence.EntityManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@link SessionStatements} of {@link SessionRepository}: plain SQL through {@link JdbcClient}, and the insert of a new
 * entity.
 */
class SessionStatementsImpl implements SessionStatements {

    private final JdbcClient jdbc;
    private final EntityManager entities;

    SessionStatementsImpl(JdbcClient jdbc, EntityManager entities) {
        this.jdbc = jdbc;
        this.entities = entities;
    }

    @Override
    public void insert(Session session) {
        entities.persist(session);
    }

    @Override
    public Optional<Found> byTokenHash(byte[] tokenHash) {
        return jdbc.sql("""
                        SELECT s.id, s.state, s.user_id, u.username, s.started_at, s.last_used_at, s.anonymous_until,
                          u.role, u.disabled_at IS NOT NULL AS disabled, u.must_change_password
                        FROM sessions s LEFT JOIN users u ON u.id = s.user_id
                        WHERE s.token_hash = :tokenHash
                        """)
                .param("tokenHash", tokenHash)
                .query(SessionStatementsImpl::map)
                .optional();
    }

    @Override
    public void touchEach(Map<UUID, Instant> lastUses) {
        if (lastUses.isEmpty()) {
            return;
        }
        List<Map.Entry<UUID, Instant>> uses = List.copyOf(lastUses.entrySet());
        String[] ids = uses.stream().map(use -> use.getKey().toString()).toArray(String[]::new);
        String[] times = uses.stream().map(use -> use.getValue().toString()).toArray(String[]::new);
        // arrays as text: the driver binds String[] as text[] without a connection at hand to build a uuid[]
        jdbc.sql("""
                        UPDATE sessions s SET last_used_at = u.used
                        FROM unnest(?::uuid[], ?::timestamptz[]) AS u(id, used)
                        WHERE s.id = u.id AND s.state = 'OPEN' AND s.last_used_at < u.used
                        """).param(ids).param(times).update();
    }

    @Override
    public List<SessionUser> closeExpired(Instant now, Instant idleCutoff, Instant lifetimeCutoff) {
        return jdbc.sql("""
                        UPDATE sessions SET state = 'CLOSED', closed_at = :now
                        WHERE state = 'OPEN' AND (last_used_at <= :idleCutoff OR started_at <= :lifetimeCutoff
                          OR (user_id IS NULL AND anonymous_until <= :now))
                        RETURNING id, user_id
                        """)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("idleCutoff", idleCutoff.atOffset(ZoneOffset.UTC))
                .param("lifetimeCutoff", lifetimeCutoff.atOffset(ZoneOffset.UTC))
                .query((rs, row) ->
                        new SessionUser(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class)))
                .list();
    }

    private static Found map(ResultSet rs, int row) throws SQLException {
        return new Found(
                rs.getObject("id", UUID.class),
                SessionState.valueOf(rs.getString("state")),
                rs.getObject("user_id", UUID.class),
                rs.getString("username"),
                rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                rs.getObject("last_used_at", OffsetDateTime.class).toInstant(),
                instant(rs.getObject("anonymous_until", OffsetDateTime.class)),
                "admin".equals(rs.getString("role")),
                rs.getBoolean("disabled"),
                rs.getBoolean("must_change_password"));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
