package dev.filesys.file.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.testsupport.RunningFileService;
import dev.filesys.file.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox and its relay on a real PostgreSQL: a committed change's broadcast reaches {@code events} and leaves the
 * outbox, a rolled-back one leaves neither; rows an instance left behind are moved by the sweep; and relays moving
 * side by side while many transactions publish give every event exactly one id, in the order the relays commit.
 */
class EventRelayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration SWEEP = Duration.ofMillis(300);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static RunningFileService service;

    JdbcTemplate jdbc;
    TransactionTemplate tx;
    EventPublisher publisher;

    @BeforeAll
    static void start() {
        service = RunningFileService.start(
                "file-relay",
                "--filesys.sweeper.enabled=false",
                "--filesys.events.relay-sweep=" + SWEEP.toMillis() + "ms");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.clear(service.dataSource());
        jdbc = new JdbcTemplate(service.dataSource());
        tx = new TransactionTemplate(service.bean(PlatformTransactionManager.class));
        publisher = service.bean(EventPublisher.class);
    }

    @Test
    void aCommittedChangesBroadcastIsRelayedAndARolledBackOnesIsNot() {
        String doomed = UUID.randomUUID().toString();
        String kept = UUID.randomUUID().toString();

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                    publisher.publish(broadcast(doomed));
                    throw new IllegalStateException("the change fails after publishing");
                }))
                .isInstanceOf(IllegalStateException.class);
        tx.executeWithoutResult(status -> publisher.publish(broadcast(kept)));

        await().atMost(PATIENCE).until(() -> markers().contains(kept));
        assertThat(markers()).containsExactly(kept);
        assertThat(outbox()).isZero();
    }

    @Test
    void rowsLeftInTheOutboxByAnInstanceThatDiedAreRelayedByTheSweep() {
        // as a crashed instance leaves them: committed, never relayed, one long ago and one just now
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        jdbc.update(
                "insert into event_outbox (type, user_ids, payload, queued_at) values ('link_used', ?::uuid[], ?::jsonb,"
                        + " now() - interval '1 hour')",
                "{" + UUID.randomUUID() + "}",
                "{\"marker\":\"" + old + "\"}");
        jdbc.update(
                "insert into event_outbox (type, user_ids, payload) values ('link_used', ?::uuid[], ?::jsonb)",
                "{" + UUID.randomUUID() + "}",
                "{\"marker\":\"" + recent + "\"}");

        // nothing wakes the relay: only the sweep moves them, within two sweep periods (and the scheduler's slack)
        await().atMost(SWEEP.multipliedBy(2).plus(Duration.ofSeconds(1)))
                .until(() -> markers().size() == 2);
        assertThat(markers()).containsExactly(old, recent);
        assertThat(outbox()).isZero();
    }

    @Test
    void relaysMovingSideBySideGiveEveryEventOneIdInTheirCommitOrder() throws Exception {
        // fewer writers than the pool has connections (beside the two relays'): none waits for one
        int writers = 6;
        int perWriter = 80;
        TestDatabase.Coordinates database = TestDatabase.coordinates();
        // a second relay, as another instance runs one, on the same database
        EventRelay other = new EventRelay(
                service.bean(EventRepository.class),
                service.bean(EventCodec.class),
                new EventFailpoints(),
                service.bean(PlatformTransactionManager.class),
                service.bean(FileServiceProperties.class),
                new SimpleMeterRegistry());
        List<Long> notified = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);

        try (Connection listener =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            try (Statement statement = listener.createStatement()) {
                statement.execute("LISTEN " + EventRepository.CHANNEL);
            }
            Future<?> otherRelay = threads.submit(() -> {
                while (writing.get()) {
                    other.relay(Duration.ZERO);
                }
                return null;
            });
            try {
                List<Future<?>> publishing = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    publishing.add(threads.submit(() -> {
                        for (int i = 0; i < perWriter; i++) {
                            String marker = writer + ":" + i;
                            tx.executeWithoutResult(status -> publisher.publish(broadcast(marker)));
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : publishing) {
                    writer.get();
                }
            } finally {
                writing.set(false);
            }
            otherRelay.get();

            PGConnection pg = listener.unwrap(PGConnection.class);
            await().atMost(PATIENCE).until(() -> {
                PGNotification[] received = pg.getNotifications(100);
                if (received != null) {
                    Arrays.stream(received)
                            .map(n -> JSON.readTree(n.getParameter()).get("id").asLong())
                            .forEach(notified::add);
                }
                return notified.size() >= writers * perWriter;
            });
        }

        List<Map<String, Object>> rows =
                jdbc.queryForList("select id, payload->>'marker' as marker from events order by id");
        assertThat(rows).hasSize(writers * perWriter);
        assertThat(rows).extracting(row -> (String) row.get("marker")).doesNotHaveDuplicates();
        assertThat(outbox()).isZero();
        // notifications arrive in the order the relays' transactions committed: ids ascend in that order
        assertThat(notified).hasSize(writers * perWriter).isSorted().doesNotHaveDuplicates();
        // each writer's changes committed one after another: their ids ascend in that order too
        for (int w = 0; w < writers; w++) {
            String prefix = w + ":";
            List<Integer> sequence = rows.stream()
                    .map(row -> (String) row.get("marker"))
                    .filter(marker -> marker.startsWith(prefix))
                    .map(marker -> Integer.parseInt(marker.substring(prefix.length())))
                    .toList();
            assertThat(sequence).as("writer %d", w).hasSize(perWriter).isSorted();
        }
        assertThat(other.relay(Duration.ZERO)).isZero();
    }

    private static Broadcast broadcast(String marker) {
        return new Broadcast(EventType.LINK_USED, List.of(UUID.randomUUID()), Map.of("marker", marker));
    }

    private List<String> markers() {
        return jdbc.queryForList("select payload->>'marker' from events order by id", String.class);
    }

    private int outbox() {
        return jdbc.queryForObject("select count(*) from event_outbox", Integer.class);
    }
}
