package dev.filesys.file.events;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
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
     * Waits for and takes the publishing lock, held until the transaction ends, then draws {@code count} ids, in
     * ascending order; one round trip. Ids are drawn after the lock is taken, so they follow commit order; each event
     * is then written by {@link #insertAndNotify} with one of them.
     */
    List<Stored> lockAndDrawIds(int count) {
        return jdbc.sql("""
                        SELECT nextval('events_id_seq') AS id, now() AS created_at
                        FROM (SELECT pg_advisory_xact_lock(:class, 0)) AS locked, generate_series(1, :count)
                        ORDER BY 1
                        """)
                .param("class", LOCK_CLASS)
                .param("count", count)
                .query((rs, row) -> new Stored(
                        rs.getLong("id"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** An event's id and time, as {@link #lockAndDrawIds} drew them. */
    record Stored(long id, Instant createdAt) {}

    /**
     * Inserts the event with its drawn id (its time is the transaction's, as drawn) and queues its notification, which
     * PostgreSQL delivers when (and only if) the transaction commits; one round trip.
     */
    void insertAndNotify(Stored stored, EventType type, List<UUID> audience, String data, String notification) {
        jdbc.sql("""
                        WITH inserted AS (
                            INSERT INTO events (id, type, user_ids, payload)
                            VALUES (:id, :type, CAST(:users AS uuid[]), CAST(:payload AS jsonb)))
                        SELECT pg_notify(:channel, :notification)
                        """)
                .param("id", stored.id())
                .param("type", type.wireName())
                .param("users", audience.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}")))
                .param("payload", data)
                .param("channel", CHANNEL)
                .param("notification", notification)
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
        List<UUID> users = new ArrayList<>();
        Array array = rs.getArray("user_ids");
        for (Object user : (Object[]) array.getArray()) {
            users.add(user instanceof UUID uuid ? uuid : UUID.fromString(user.toString()));
        }
        return codec.fromRow(
                rs.getLong("id"),
                rs.getString("type"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                users,
                rs.getString("payload"));
    }
}
