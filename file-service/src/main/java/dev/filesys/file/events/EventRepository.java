package dev.filesys.file.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * The {@code events} table and the {@code filesys_events} channel. Pool-side statements use the caller's transaction;
 * {@link #readAfter(Connection, long, int)} runs on the listener's own connection.
 */
@Component
class EventRepository {

    static final String CHANNEL = "filesys_events";

    /** First key of the publishing lock, so it cannot collide with other features' advisory locks. */
    static final int LOCK_CLASS = 0x65766e74; // "evnt"

    private static final String COLUMNS = "id, type, user_ids, payload::text AS payload, created_at";

    private final JdbcClient jdbc;
    private final EventCodec codec;

    EventRepository(JdbcClient jdbc, EventCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
    }

    /**
     * Queues broadcasts in the caller's transaction (one round trip): rows of the outbox, which exist iff that
     * transaction commits and which a relay later moves into {@code events}. Takes no lock and sends no notification,
     * so transactions that queue commit side by side.
     */
    void queue(List<Queued> broadcasts) {
        jdbc.sql("""
                        INSERT INTO event_outbox (type, user_ids, payload)
                        SELECT queued.type, CAST(queued.users AS uuid[]), CAST(queued.payload AS jsonb)
                        FROM unnest(CAST(:types AS text[]), CAST(:users AS text[]), CAST(:payloads AS text[]))
                             WITH ORDINALITY AS queued(type, users, payload, position)
                        ORDER BY queued.position
                        """)
                .param("types", texts(broadcasts.stream().map(q -> q.type().wireName())))
                .param(
                        "users",
                        texts(broadcasts.stream()
                                .map(q -> q.audience().stream()
                                        .map(UUID::toString)
                                        .collect(Collectors.joining(",", "{", "}")))))
                .param("payloads", texts(broadcasts.stream().map(Queued::data)))
                .update();
    }

    /** A broadcast as the outbox stores it: its stored payload is {@code data}. */
    record Queued(EventType type, List<UUID> audience, String data) {}

    /**
     * Waits for and takes the publishing lock, held until the transaction ends. A relay takes it before it looks at
     * the outbox, so relays take turns and each sees every row committed before it got the lock.
     */
    void lockForPublishing() {
        jdbc.sql("SELECT pg_advisory_xact_lock(:class, 0)")
                .param("class", LOCK_CLASS)
                .query(rs -> {});
    }

    /**
     * Moves up to {@code limit} of the oldest outbox rows queued at least {@code minAge} ago into {@code events}, in
     * the caller's transaction (one round trip): each gets an id drawn now, ascending in the order the rows were
     * queued, and its outbox row is deleted. Only under the publishing lock ({@link #lockForPublishing}), so ids
     * follow the commit order of these moves. Rows another transaction has claimed are skipped, never waited for.
     *
     * @return the events written, oldest first
     */
    List<Moved> moveFromOutbox(int limit, Duration minAge) {
        return jdbc.sql("""
                        WITH claimed AS (
                            DELETE FROM event_outbox
                            WHERE id IN (SELECT id FROM event_outbox
                                          WHERE queued_at <= clock_timestamp() - CAST(:age AS interval)
                                          ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED)
                            RETURNING id, type, user_ids, payload, created_at),
                        queued AS (
                            SELECT row_number() OVER (ORDER BY id) AS position, * FROM claimed),
                        drawn AS (
                            SELECT row_number() OVER (ORDER BY id) AS position, id
                            FROM (SELECT nextval('events_id_seq') AS id
                                  FROM generate_series(1, (SELECT count(*) FROM claimed))) AS ids),
                        inserted AS (
                            INSERT INTO events (id, type, user_ids, payload, created_at)
                            SELECT drawn.id, queued.type, queued.user_ids, queued.payload, queued.created_at
                            FROM queued JOIN drawn USING (position)
                            RETURNING id, type, user_ids, payload, created_at)
                        SELECT id, type, user_ids, payload::text AS payload, created_at FROM inserted ORDER BY id
                        """)
                .param("age", minAge.toMillis() + " milliseconds")
                .param("limit", limit)
                .query((rs, row) -> new Moved(
                        rs.getLong("id"),
                        rs.getString("type"),
                        users(rs),
                        rs.getString("payload"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** An event as a relay wrote it into {@code events}. */
    record Moved(long id, String type, List<UUID> audience, String data, Instant createdAt) {}

    /** Whether any outbox row was queued at least {@code minAge} ago (committed ones only; takes no lock). */
    boolean outboxHolds(Duration minAge) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM event_outbox
                                        WHERE queued_at <= clock_timestamp() - CAST(:age AS interval))
                        """)
                .param("age", minAge.toMillis() + " milliseconds")
                .query(Boolean.class)
                .single();
    }

    /**
     * Queues the notifications, in order (one round trip); PostgreSQL delivers them when, and only if, the transaction
     * commits.
     */
    void notifyEach(List<String> notifications) {
        jdbc.sql("SELECT pg_notify(:channel, notification) FROM unnest(CAST(:notifications AS text[])) AS notification")
                .param("channel", CHANNEL)
                .param("notifications", texts(notifications.stream()))
                .query(rs -> {});
    }

    /** The highest committed id, or 0. */
    long lastId() {
        return jdbc.sql("SELECT coalesce(max(id), 0) FROM events")
                .query(Long.class)
                .single();
    }

    /** The lowest and highest id in the table, or empty when it holds none. */
    Optional<Bounds> bounds() {
        return jdbc.sql("SELECT min(id) AS low, max(id) AS high FROM events").query(rs -> {
            rs.next();
            return rs.getObject("low") == null
                    ? Optional.<Bounds>empty()
                    : Optional.of(new Bounds(rs.getLong("low"), rs.getLong("high")));
        });
    }

    record Bounds(long low, long high) {}

    /** The highest id ever drawn (committed, rolled back or in flight), or 0. */
    long lastIssuedId() {
        return jdbc.sql("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM events_id_seq")
                .query(Long.class)
                .single();
    }

    /** Streamed events after {@code after} that concern the user, oldest first. */
    List<Event> forUserAfter(UUID user, long after, int limit) {
        List<String> streamed = Arrays.stream(EventType.values())
                .filter(EventType::streamed)
                .map(EventType::wireName)
                .toList();
        return jdbc
                .sql("SELECT " + COLUMNS + """
                         FROM events
                        WHERE id > :after AND user_ids @> ARRAY[CAST(:user AS uuid)] AND type IN (:types)
                        ORDER BY id LIMIT :limit
                        """)
                .param("after", after)
                .param("user", user.toString())
                .param("types", streamed)
                .param("limit", limit)
                .query((rs, row) -> event(rs))
                .list()
                .stream()
                .flatMap(Optional::stream)
                .toList();
    }

    /** Deletes events created before the cutoff. */
    int deleteCreatedBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM events WHERE created_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff))
                .update();
    }

    /**
     * Rows after {@code after}, oldest first, read on the listener's own connection.
     *
     * @return the events, and the id of the last row read (rows of unknown types are skipped but still advance it)
     */
    Batch readAfter(Connection connection, long after, int limit) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM events WHERE id > ? ORDER BY id LIMIT ?")) {
            statement.setLong(1, after);
            statement.setInt(2, limit);
            List<Event> events = new ArrayList<>();
            long last = after;
            int rows = 0;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    last = rs.getLong("id");
                    event(rs).ifPresent(events::add);
                }
            }
            return new Batch(events, last, rows);
        }
    }

    /**
     * @param lastId the id of the last row read
     * @param rows how many rows were read (a full batch means there may be more)
     */
    record Batch(List<Event> events, long lastId, int rows) {}

    private Optional<Event> event(ResultSet rs) throws SQLException {
        return codec.fromRow(
                rs.getLong("id"),
                rs.getString("type"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                users(rs),
                rs.getString("payload"));
    }

    /** A {@code text[]} parameter (a plain array would be expanded into a list of parameters). */
    private static SqlArrayValue texts(Stream<String> values) {
        return new SqlArrayValue("text", values.toArray());
    }

    private static List<UUID> users(ResultSet rs) throws SQLException {
        return Arrays.stream((Object[]) rs.getArray("user_ids").getArray())
                .map(user -> user instanceof UUID uuid ? uuid : UUID.fromString(user.toString()))
                .toList();
    }
}
