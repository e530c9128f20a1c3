package dev.filesys.file.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.filesys.file.testsupport.EventStreamClient;
import dev.filesys.file.testsupport.EventStreamClient.SseEvent;
import dev.filesys.file.testsupport.RunningFileService;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestSessions;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import dev.filesys.file.testsupport.TransferClient;
import dev.filesys.file.testsupport.TwoInstances;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two file-services on one PostgreSQL (and one blob directory): what users do through one instance reaches the event
 * streams on the other within a second, only for the users it concerns, and never for a change that rolled back;
 * streams end with their sessions; clients coming and going leave no threads, connections or memory behind; and what
 * is uploaded through one instance is at once listed and downloadable through the other.
 */
class SynchronizationAcrossInstancesTest {

    /** The acceptance bound: a change on one instance reaches a stream on the other within this. */
    private static final Duration DELIVERY = Duration.ofSeconds(1);

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final TwoInstances INSTANCES = TwoInstances.with(
            "--filesys.events.keep-alive=300ms",
            "--filesys.events.session-check-interval=300ms",
            // one test holds twenty streams on one session; the caps have a test of their own
            "--filesys.limits.event-streams-per-session=100",
            "--filesys.limits.event-streams-per-user=100");

    private final RunningFileService a = INSTANCES.a();
    private final RunningFileService b = INSTANCES.b();

    JdbcTemplate jdbc;

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.clear(a.dataSource());
        jdbc = new JdbcTemplate(a.dataSource());
        await().atMost(PATIENCE)
                .until(() -> a.bean(NotificationReceiver.class).connected()
                        && b.bean(NotificationReceiver.class).connected());
    }

    @AfterEach
    void disarm() {
        a.bean(EventFailpoints.class).disarmAll();
    }

    @Test
    void sharesUnsharesAndDeletionsThroughOneInstanceReachTheRecipientOnTheOtherAndNoOneElse() {
        LoggedIn alice = a.user("alice");
        LoggedIn bob = b.user("bob");
        LoggedIn carol = a.user("carol");
        LoggedIn dave = b.user("dave");
        String report = a.upload(alice.token(), "report.pdf", "quarterly numbers".getBytes());
        String carols = a.upload(carol.token(), "carol.txt", "carol's notes".getBytes());

        try (EventStreamClient bobs = b.events(bob.token());
                EventStreamClient daves = b.events(dave.token())) {
            assertThat(bobs.status()).isEqualTo(200);
            assertThat(bobs.contentType()).startsWith("text/event-stream");
            await().atMost(PATIENCE).until(() -> bobs.opened() && daves.opened());

            // other users' events, committed before bob's: were they delivered to bob, they would come first
            a.share(carol.token(), carols, "dave").expect(201);
            a.share(alice.token(), report, "carol").expect(201);
            await().atMost(DELIVERY).until(() -> daves.events().size() == 1);
            assertThat(daves.events().getFirst().field("fileId")).isEqualTo(carols);

            a.share(alice.token(), report, "bob").expect(201);
            await().atMost(DELIVERY).until(() -> bobs.events().size() == 1);
            SseEvent shared = bobs.events().getFirst();
            assertThat(shared.type()).isEqualTo("file_shared");
            assertThat(shared.field("id")).isEqualTo(shared.id());
            assertThat(shared.field("type")).isEqualTo("file_shared");
            assertThat(shared.field("fileId")).isEqualTo(report);
            assertThat(shared.field("fileName")).isEqualTo("report.pdf");
            assertThat(shared.field("owner")).isEqualTo("alice");
            assertThat(shared.field("ownerId")).isEqualTo(alice.userId().toString());
            assertThat(shared.field("recipient")).isEqualTo("bob");
            assertThat(shared.field("recipientId")).isEqualTo(bob.userId().toString());
            assertThat(shared.field("permission")).isEqualTo("read");
            assertThat(shared.json().get("created").asBoolean()).isTrue();
            assertThat(shared.field("createdAt")).isNotBlank();
            assertThat(shared.json().has("userIds"))
                    .as("the audience is not sent")
                    .isFalse();

            a.unshare(alice.token(), report, "bob").expect(204);
            await().atMost(DELIVERY).until(() -> bobs.events().size() == 2);
            SseEvent unshared = bobs.events().get(1);
            assertThat(unshared.type()).isEqualTo("file_unshared");
            assertThat(unshared.field("fileId")).isEqualTo(report);
            assertThat(unshared.field("recipientId")).isEqualTo(bob.userId().toString());

            a.share(alice.token(), report, "bob").expect(201);
            await().atMost(DELIVERY).until(() -> bobs.events().size() == 3);
            a.delete(alice.token(), report).expect(204);
            await().atMost(DELIVERY).until(() -> bobs.events().size() == 5);
            SseEvent deleted = bobs.events().get(3);
            assertThat(deleted.type()).isEqualTo("file_deleted");
            assertThat(deleted.field("fileId")).isEqualTo(report);
            assertThat(deleted.field("fileName")).isEqualTo("report.pdf");
            assertThat(deleted.field("owner")).isEqualTo("alice");
            assertThat(deleted.json().toString())
                    .as("a sharee never learns who else had the file")
                    .doesNotContain(carol.userId().toString(), "carol");

            // the delete moved it to the trash: item_trashed too, after file_deleted, in the same transaction
            SseEvent trashed = bobs.events().get(4);
            assertThat(trashed.type()).isEqualTo("item_trashed");
            assertThat(trashed.field("kind")).isEqualTo("file");
            assertThat(trashed.field("itemId")).isEqualTo(report);
            assertThat(trashed.field("name")).isEqualTo("report.pdf");
            assertThat(trashed.field("owner")).isEqualTo("alice");
            assertThat(trashed.json().toString()).doesNotContain(carol.userId().toString(), "carol");

            assertThat(bobs.events())
                    .extracting(SseEvent::type)
                    .containsExactly("file_shared", "file_unshared", "file_shared", "file_deleted", "item_trashed");
            assertThat(bobs.events().subList(0, 4)).allMatch(event -> report.equals(event.field("fileId")));
            List<Long> ids =
                    bobs.events().stream().map(e -> Long.parseLong(e.id())).toList();
            assertThat(ids).isSorted().doesNotHaveDuplicates();
            assertThat(daves.events()).hasSize(1);
        }
        MeterRegistry meters = b.bean(MeterRegistry.class);
        assertThat(meters.get("filesys.events.delivered")
                        .tag("type", "file_shared")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(3);
        assertThat(a.bean(MeterRegistry.class)
                        .get("filesys.events.published")
                        .tag("type", "file_deleted")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aStreamResumesAfterItsLastEventIdWithWhatHappenedMeanwhile() {
        LoggedIn alice = a.user("alice");
        LoggedIn bob = b.user("bob");
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            files.add(a.upload(alice.token(), "part-" + i + ".txt", ("part " + i).getBytes()));
        }
        String firstId;
        try (EventStreamClient bobs = b.events(bob.token())) {
            await().atMost(PATIENCE).until(bobs::opened);
            for (int i = 0; i < 3; i++) {
                a.share(alice.token(), files.get(i), "bob").expect(201);
            }
            await().atMost(PATIENCE).until(() -> bobs.events().size() == 3);
            firstId = bobs.events().getFirst().id();
        }
        // shared while bob's client is away
        a.share(alice.token(), files.get(3), "bob").expect(201);

        try (EventStreamClient resumed = EventStreamClient.open(a.url(), bob.token(), firstId)) {
            await().atMost(PATIENCE).until(() -> resumed.events().size() == 3);
            assertThat(resumed.events())
                    .extracting(e -> e.field("fileId"))
                    .containsExactlyElementsOf(files.subList(1, 4));
            assertThat(resumed.events())
                    .extracting(SseEvent::id)
                    .allMatch(id -> Long.parseLong(id) > Long.parseLong(firstId));
        }

        try (EventStreamClient unknown = EventStreamClient.open(b.url(), bob.token(), "999999999999")) {
            await().atMost(PATIENCE).until(() -> unknown.events().size() == 1);
            SseEvent resync = unknown.events().getFirst();
            assertThat(resync.type()).isEqualTo("resync");
            assertThat(resync.field("reason")).isEqualTo("events_missed");
            long newest = jdbc.queryForObject("select max(id) from events", Long.class);
            assertThat(resync.id()).isEqualTo(Long.toString(newest));
        }
    }

    @Test
    void aClosedOrLoggedOutSessionEndsItsStreamsAndTheUsersOtherStreamsHearOfTheClose() {
        LoggedIn bob = b.user("bob");
        TestSessions.Session laptop = a.sessionOf(bob);
        TestSessions.Session phone = a.sessionOf(bob);

        try (EventStreamClient main = b.events(bob.token());
                EventStreamClient onLaptop = a.events(laptop.token());
                EventStreamClient onPhone = a.events(phone.token())) {
            await().atMost(PATIENCE).until(() -> main.opened() && onLaptop.opened() && onPhone.opened());

            a.api().delete("/api/v1/sessions/current", laptop.token()).expect(204);

            await().atMost(DELIVERY).until(() -> main.events("session_closed").size() == 1);
            SseEvent closed = main.events("session_closed").getFirst();
            assertThat(closed.field("sessionId")).isEqualTo(laptop.sessionId().toString());
            assertThat(closed.field("userId")).isEqualTo(bob.userId().toString());
            assertThat(closed.field("reason")).isEqualTo("closed");
            await().atMost(PATIENCE).until(onLaptop::finished);
            assertThat(onLaptop.events()).extracting(SseEvent::type).containsExactly("session_closed", "end");
            assertThat(onLaptop.events().getLast().field("reason")).isEqualTo("session_ended");

            // logged out through the other instance: its stream on this one ends too
            b.api().post("/api/v1/logout", phone.token(), null).expect(204);
            await().atMost(PATIENCE).until(onPhone::finished);
            assertThat(onPhone.events().getLast().type()).isEqualTo("end");

            assertThat(main.finished()).isFalse();
            assertThat(main.events()).extracting(SseEvent::type).containsExactly("session_closed");
        }
    }

    @Test
    void anOpenStreamKeepsItsSessionInUseAndEndsOnceTheSessionNoLongerQualifies() {
        LoggedIn bob = b.user("bob");
        UUID sessionId = TestSessions.sessionId(b.dataSource(), bob.token());

        try (EventStreamClient stream = b.events(bob.token())) {
            await().atMost(PATIENCE).until(stream::opened);
            jdbc.update("update sessions set last_used_at = now() - interval '10 minutes' where id = ?", sessionId);

            await().atMost(PATIENCE)
                    .until(() -> jdbc.queryForObject(
                            "select last_used_at > now() - interval '1 minute' from sessions where id = ?",
                            Boolean.class,
                            sessionId));

            // logged out behind the service's back: no event says so, the periodic check finds it
            jdbc.update("update sessions set user_id = null where id = ?", sessionId);
            await().atMost(PATIENCE).until(stream::finished);
            assertThat(stream.events()).extracting(SseEvent::type).containsExactly("end");
            assertThat(stream.keepAlives()).isPositive();
        }
    }

    @Test
    void aChangeRolledBackAfterItsEventWasQueuedAnnouncesNothing() throws SQLException {
        LoggedIn alice = a.user("alice");
        LoggedIn bob = b.user("bob");
        String doomed = a.upload(alice.token(), "doomed.txt", "never shared".getBytes());
        String kept = a.upload(alice.token(), "kept.txt", "shared".getBytes());
        double publishedBefore = a.bean(MeterRegistry.class)
                .get("filesys.events.published")
                .tag("type", "file_shared")
                .counter()
                .count();
        TestDatabase.Coordinates database = TestDatabase.coordinates();

        try (Connection listener =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                EventStreamClient bobs = b.events(bob.token())) {
            try (Statement statement = listener.createStatement()) {
                statement.execute("LISTEN filesys_events");
            }
            await().atMost(PATIENCE).until(bobs::opened);
            a.bean(EventFailpoints.class).arm(EventFailpoints.Point.AFTER_QUEUE, () -> {
                throw new IllegalStateException("failure injected after the event was queued");
            });

            assertThat(a.share(alice.token(), doomed, "bob").status()).isEqualTo(500);

            a.bean(EventFailpoints.class).disarmAll();
            assertThat(jdbc.queryForObject("select count(*) from events where type = 'file_shared'", Integer.class))
                    .isZero();
            assertThat(jdbc.queryForObject("select count(*) from event_outbox", Integer.class))
                    .isZero();
            assertThat(jdbc.queryForObject(
                            "select count(*) from shares where file_id = ?", Integer.class, UUID.fromString(doomed)))
                    .isZero();
            b.api().get("/api/v1/files/" + doomed, bob.token()).expect(404);

            a.share(alice.token(), kept, "bob").expect(201);

            // notifications arrive in commit order: had the failed one been sent, it would come first
            List<String> notifications = new CopyOnWriteArrayList<>();
            PGConnection pg = listener.unwrap(PGConnection.class);
            await().atMost(PATIENCE).until(() -> {
                PGNotification[] received = pg.getNotifications(100);
                if (received != null) {
                    Arrays.stream(received).map(PGNotification::getParameter).forEach(notifications::add);
                }
                return !notifications.isEmpty();
            });
            JsonNode first = JSON.readTree(notifications.getFirst());
            assertThat(first.get("type").asString()).isEqualTo("file_shared");
            assertThat(first.get("data").get("fileId").asString()).isEqualTo(kept);
            await().atMost(DELIVERY).until(() -> bobs.events().size() == 1);
            assertThat(bobs.events().getFirst().field("fileId")).isEqualTo(kept);
        }
        assertThat(jdbc.queryForObject("select count(*) from events where type = 'file_shared'", Integer.class))
                .isEqualTo(1);
        assertThat(a.bean(MeterRegistry.class)
                        .get("filesys.events.published")
                        .tag("type", "file_shared")
                        .counter()
                        .count())
                .isEqualTo(publishedBefore + 1);
    }

    @Test
    void aRelayMovingWhileAnotherHoldsThePublishingLockWaitsForItsCommit() throws Exception {
        LoggedIn alice = a.user("alice");
        LoggedIn carol = b.user("carol");
        b.user("bob");
        String alices = a.upload(alice.token(), "first.txt", "first".getBytes());
        String carols = b.upload(carol.token(), "second.txt", "second".getBytes());
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        a.bean(EventFailpoints.class).arm(EventFailpoints.Point.AFTER_NOTIFY, () -> {
            written.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        String waitingForTheLock = "select count(*) from pg_locks where locktype = 'advisory' and classid = "
                + EventRepository.LOCK_CLASS + " and objid = 0 and not granted";
        String shared = "select payload->>'fileId' from events where type = 'file_shared' order by id";

        try {
            // the shares commit at once; their events are the relays' to write
            assertThat(a.share(alice.token(), alices, "bob").status()).isEqualTo(201);
            assertThat(written.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            // alice's event is written and A's relay holds the lock until its batch commits: B's relay must wait for
            // it, so that the id of carol's event, drawn after the lock, follows hers in commit order too
            assertThat(b.share(carol.token(), carols, "bob").status()).isEqualTo(201);
            await().atMost(PATIENCE).until(() -> jdbc.queryForObject(waitingForTheLock, Integer.class) == 1);
            assertThat(jdbc.queryForList(shared, String.class)).isEmpty();
            release.countDown();
            await().atMost(PATIENCE)
                    .until(() -> jdbc.queryForList(shared, String.class).size() == 2);
        } finally {
            release.countDown();
        }
        assertThat(jdbc.queryForList(shared, String.class)).containsExactly(alices, carols);
        assertThat(jdbc.queryForObject("select count(*) from event_outbox", Integer.class))
                .isZero();
    }

    @Test
    void accountChangesAreRecordedWithIdsOnlyAndStayOffTheStreams() {
        TestClient api = a.api();
        String token = api.openSession(StubBalancer.shared().authCode(a.serverId()));
        String userId =
                api.register(token, "erin", TestUsers.PASSWORD).expect(201).text("userId");
        String rotated =
                api.login(token, "erin", TestUsers.PASSWORD).expect(200).text("sessionToken");
        String sessionId = TestSessions.sessionId(a.dataSource(), rotated).toString();

        try (EventStreamClient erins = b.events(rotated)) {
            await().atMost(PATIENCE).until(erins::opened);
            api.post("/api/v1/logout", rotated, null).expect(204);
            await().atMost(PATIENCE).until(erins::finished);
            assertThat(erins.events())
                    .as("account events are for instances, not streams")
                    .extracting(SseEvent::type)
                    .containsExactly("end");
        }

        List<Map<String, Object>> rows = jdbc.queryForList(
                "select type, user_ids::text as users, payload::text as payload from events order by id");
        assertThat(rows)
                .extracting(row -> row.get("type"))
                .containsExactly("user_registered", "user_logged_in", "user_logged_out");
        for (Map<String, Object> row : rows) {
            assertThat(row.get("users")).isEqualTo("{" + userId + "}");
            JsonNode payload = JSON.readTree((String) row.get("payload"));
            assertThat(payload.get("userId").asString()).isEqualTo(userId);
            assertThat(payload.get("sessionId").asString()).isEqualTo(sessionId);
            assertThat(payload.toString()).doesNotContain(token, rotated, TestUsers.PASSWORD, "password", "token");
        }
    }

    @Test
    void aHundredClientsComingAndGoingLeaveThreadsConnectionsAndHeapFlat() {
        LoggedIn alice = a.user("alice");
        LoggedIn bob = b.user("bob");
        String file = a.upload(alice.token(), "shared.txt", "shared".getBytes());
        EventStreams streams = b.bean(EventStreams.class);
        HikariPoolMXBean pool = ((HikariDataSource) b.dataSource()).getHikariPoolMXBean();
        cycles(10, bob, alice, file);
        await().atMost(PATIENCE).until(() -> streams.openStreams() == 0);
        int threadsBefore = platformThreads();
        long heapBefore = heapAfterGc();

        cycles(100, bob, alice, file);

        await().atMost(PATIENCE).until(() -> streams.openStreams() == 0);
        await().atMost(PATIENCE).until(() -> pool.getActiveConnections() == 0);
        int threadsAfter = platformThreads();
        long heapAfter = heapAfterGc();

        List<EventStreamClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                idle.add(b.events(bob.token()));
            }
            await().atMost(PATIENCE).until(() -> idle.stream().allMatch(EventStreamClient::opened));
            assertThat(streams.openStreams()).isEqualTo(20);
            await().atMost(PATIENCE).until(() -> pool.getActiveConnections() == 0);
            int threadsWithTwentyOpen = platformThreads();
            System.out.printf(
                    "event streams: platform threads %d before 100 connect/disconnect cycles, %d after, %d with 20"
                            + " streams open; heap after GC %d KiB before, %d KiB after; Hikari active connections"
                            + " with 20 idle streams: %d%n",
                    threadsBefore,
                    threadsAfter,
                    threadsWithTwentyOpen,
                    heapBefore / 1024,
                    heapAfter / 1024,
                    pool.getActiveConnections());
            assertThat(threadsWithTwentyOpen).isLessThanOrEqualTo(threadsBefore + 10);
        } finally {
            idle.forEach(EventStreamClient::close);
        }
        await().atMost(PATIENCE).until(() -> streams.openStreams() == 0);

        assertThat(threadsAfter).isLessThanOrEqualTo(threadsBefore + 10);
        assertThat(heapAfter).isLessThan(heapBefore + 32L * 1024 * 1024);
    }

    @Test
    void twoHundredUploadsThroughOneInstanceAreAtOnceListedAndDownloadableThroughTheOther() {
        LoggedIn alice = a.user("alice");
        TransferClient throughB = b.transfers();
        int stale = 0;
        for (int i = 0; i < 200; i++) {
            byte[] content = ("upload " + i + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
            String fileId = a.upload(alice.token(), "file-" + i + ".txt", content);

            JsonNode listed = b.api()
                    .get("/api/v1/files?scope=owned&limit=1000", alice.token())
                    .expect(200)
                    .json()
                    .get("items");
            boolean inList = false;
            for (JsonNode item : listed) {
                inList |= fileId.equals(item.get("fileId").asString());
            }
            TransferClient.Download download = throughB.download(alice.token(), fileId);
            if (!inList || download.status() != 200 || !Arrays.equals(download.body(), content)) {
                stale++;
            }
        }
        System.out.printf(
                "read-after-write across instances: 200 uploads through file-a, %d stale reads through file-b%n",
                stale);
        assertThat(stale).isZero();
    }

    /** Opens and drops streams; every 20th also receives an event before it goes. */
    private void cycles(int count, LoggedIn bob, LoggedIn alice, String file) {
        for (int i = 0; i < count; i++) {
            try (EventStreamClient client = b.events(bob.token())) {
                await().atMost(PATIENCE).until(client::opened);
                if (i % 20 == 0) {
                    a.share(alice.token(), file, "bob");
                    await().atMost(PATIENCE).until(() -> client.events().size() == 1);
                }
            }
        }
    }

    private static int platformThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            memory.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
