package dev.filesys.file.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.availability.ActiveSessions;
import dev.filesys.file.availability.InstanceAvailability;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestSessions;
import dev.filesys.file.testsupport.TestUsers;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * {@link SessionService} called directly against the real database: what each handshake outcome counts, how the
 * instance's count of open sessions moves, which closes are announced and why, the login bindings, adoption when the
 * adopted session ends between the two steps, and the check that keeps event streams' sessions alive. The periodic
 * recount is set far apart so only the service moves the count during a test.
 */
@FileServiceTest
@RecordApplicationEvents
@TestPropertySource(properties = {"filesys.availability.refresh-interval=1h", "filesys.availability.stale-after=2h"})
class SessionServiceTest {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    SessionService sessions;

    @Autowired
    ActiveSessions activeSessions;

    @Autowired
    InstanceAvailability availability;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationEvents events;

    @Autowired
    SessionHousekeeping housekeeping;

    TestClient client;
    JdbcTemplate jdbc;
    StubBalancer balancer = StubBalancer.shared();

    @BeforeEach
    void setUp() {
        TestDatabase.clear(dataSource);
        client = TestClient.onPort(port);
        jdbc = new JdbcTemplate(dataSource);
    }

    @Test
    void eachHandshakeOutcomeIsCounted() {
        Map<String, Double> before = handshakeCounts();

        String code = balancer.authCode("file-1");
        SessionService.HandshakeStarted started = sessions.begin(code, null);
        SessionService.HandshakeCompleted opened = sessions.acknowledge(started.sessionId(), started.serverNonce());
        assertThatThrownBy(() -> sessions.begin(code, null)).isInstanceOf(AuthCodeReplayed.class);
        assertThatThrownBy(() -> sessions.begin("garbage", null)).isInstanceOf(AuthCodeRejected.class);
        SessionService.HandshakeStarted wrongNonce = sessions.begin(balancer.authCode("file-1"), null);
        assertThatThrownBy(() -> sessions.acknowledge(wrongNonce.sessionId(), "wrong"))
                .isInstanceOf(NonceMismatch.class);
        assertThatThrownBy(() -> sessions.acknowledge(UUID.randomUUID(), "x")).isInstanceOf(HandshakeExpired.class);
        SessionService.HandshakeStarted resuming = sessions.begin(balancer.authCode("file-1"), opened.sessionToken());
        assertThat(sessions.acknowledge(resuming.sessionId(), resuming.serverNonce())
                        .resumed())
                .isTrue();
        availability.drain();
        try {
            assertThatThrownBy(() -> sessions.begin(balancer.authCode("file-1"), null))
                    .isInstanceOf(ServerNotAccepting.class);
        } finally {
            availability.accept();
        }

        Map<String, Double> after = handshakeCounts();
        assertThat(delta(before, after, "started")).isEqualTo(3);
        assertThat(delta(before, after, "opened")).isEqualTo(1);
        assertThat(delta(before, after, "resumed")).isEqualTo(1);
        assertThat(delta(before, after, "replayed")).isEqualTo(1);
        assertThat(delta(before, after, "invalid_code")).isEqualTo(1);
        assertThat(delta(before, after, "invalid_nonce")).isEqualTo(1);
        assertThat(delta(before, after, "expired")).isEqualTo(1);
        assertThat(delta(before, after, "refused")).isEqualTo(1);
    }

    @Test
    void theOpenCountFollowsSessionsOfThisServerOnly() {
        int before = activeSessions.get();
        // only logged-in sessions count toward capacity
        String token = client.openSession(balancer.authCode("file-1"));
        assertThat(activeSessions.get()).isEqualTo(before);
        client.register(token, "counted", TestUsers.PASSWORD).expect(201);
        assertThat(activeSessions.get()).isEqualTo(before + 1);

        sessions.close(TestSessions.sessionId(dataSource, token));
        assertThat(activeSessions.get()).isEqualTo(before);

        String adopted = client.openSession(balancer.authCode("file-1"));
        client.register(adopted, "adopted", TestUsers.PASSWORD).expect(201);
        jdbc.update("update sessions set server_id = 'file-2' where token_hash = sha256(?::bytea)", adopted);
        int withForeign = activeSessions.get();
        sessions.close(TestSessions.sessionId(dataSource, adopted));
        assertThat(activeSessions.get())
                .as("closing another server's session does not move this server's count")
                .isEqualTo(withForeign);
    }

    @Test
    void closingALoggedInSessionAnnouncesWhyAndAnAnonymousOneEndsSilently() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        UUID aliceSession = TestSessions.sessionId(dataSource, alice.token());
        TestSessions.Session second = TestSessions.loggedInAs(client, dataSource, "file-1", alice.userId());
        TestSessions.Session third = TestSessions.loggedInAs(client, dataSource, "file-1", alice.userId());
        String anonymous = client.openSession(balancer.authCode("file-1"));

        sessions.close(aliceSession);
        jdbc.update(
                "update sessions set last_used_at = now() - interval '31 minutes' where id = ?", second.sessionId());
        assertThatThrownBy(() -> sessions.authenticate(second.token())).isInstanceOf(SessionExpired.class);
        SessionService.HandshakeStarted resuming = sessions.begin(balancer.authCode("file-1"), third.token());
        sessions.acknowledge(resuming.sessionId(), resuming.serverNonce());
        sessions.close(TestSessions.sessionId(dataSource, anonymous));

        assertThat(events.stream(SessionClosed.class).toList())
                .containsExactly(
                        new SessionClosed(aliceSession, alice.userId(), SessionClosed.Reason.CLOSED),
                        new SessionClosed(second.sessionId(), alice.userId(), SessionClosed.Reason.EXPIRED),
                        new SessionClosed(third.sessionId(), alice.userId(), SessionClosed.Reason.RESUMED));
        assertThat(jdbc.queryForObject("select count(*) from sessions where state = 'CLOSED'", Integer.class))
                .isEqualTo(4);
    }

    @Test
    void aSessionUsedWithinTheLastSecondIsNotRewritten() {
        String token = client.openSession(balancer.authCode("file-1"));
        jdbc.update(
                "update sessions set last_used_at = date_trunc('milliseconds', now() + interval '10 seconds')"
                        + " where token_hash = sha256(?::bytea)",
                token);
        Timestamp stamped = lastUsed(token);

        sessions.authenticate(token);

        assertThat(lastUsed(token)).isEqualTo(stamped);
    }

    @Test
    void theSessionOfAValidTokenIsItsUserOrNone() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        String anonymous = client.openSession(balancer.authCode("file-1"));

        assertThat(sessions.authenticate(alice.token()))
                .isEqualTo(
                        new CurrentSession(TestSessions.sessionId(dataSource, alice.token()), alice.userId(), "alice"));
        assertThat(sessions.authenticate(anonymous))
                .isEqualTo(new CurrentSession(TestSessions.sessionId(dataSource, anonymous), null, null));
        assertThatThrownBy(() -> sessions.authenticate(" ")).isInstanceOf(SessionRequired.class);
        assertThatThrownBy(() -> sessions.authenticate(null)).isInstanceOf(SessionRequired.class);
    }

    @Test
    void memoryAnswersOnlyForASessionItHoldsAndAsAuthenticateDoes() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        assertThat(sessions.authenticateFromMemory(null)).isEmpty();
        assertThat(sessions.authenticateFromMemory(" ")).isEmpty();
        assertThat(sessions.authenticateFromMemory("no-such-token")).isEmpty();

        CurrentSession known = sessions.authenticate(alice.token());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            sessions.authenticate(alice.token());
            assertThat(sessions.authenticateFromMemory(alice.token())).contains(known);
        });

        sessions.close(known.sessionId());
        assertThat(sessions.authenticateFromMemory(alice.token())).isEmpty();
        assertThatThrownBy(() -> sessions.authenticate(alice.token())).isInstanceOf(SessionExpired.class);
    }

    @Test
    void loginBindsTheUserAndLoginWithANewTokenRetiresTheOldOne() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        String token = client.openSession(balancer.authCode("file-1"));
        UUID sessionId = TestSessions.sessionId(dataSource, token);

        sessions.logIn(sessionId, alice.userId());
        assertThat(sessions.authenticate(token).userId()).isEqualTo(alice.userId());

        String rotated = sessions.logInWithNewToken(sessionId, alice.userId());
        assertThat(rotated).hasSize(43).isNotEqualTo(token);
        assertThatThrownBy(() -> sessions.authenticate(token)).isInstanceOf(SessionRequired.class);
        assertThat(sessions.authenticate(rotated).username()).isEqualTo("alice");

        sessions.logOut(sessionId);
        assertThat(sessions.authenticate(rotated).userId()).isNull();

        sessions.close(sessionId);
        assertThatThrownBy(() -> sessions.logIn(sessionId, alice.userId())).isInstanceOf(SessionExpired.class);
        assertThatThrownBy(() -> sessions.logOut(sessionId)).isInstanceOf(SessionExpired.class);
    }

    @Test
    void anAdoptedSessionThatEndedBeforeTheAckIsNotTakenOver() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        TestSessions.Session idle = TestSessions.loggedInAs(client, dataSource, "file-1", alice.userId());

        SessionService.HandshakeStarted afterClose = sessions.begin(balancer.authCode("file-1"), alice.token());
        sessions.close(TestSessions.sessionId(dataSource, alice.token()));
        SessionService.HandshakeCompleted fresh =
                sessions.acknowledge(afterClose.sessionId(), afterClose.serverNonce());
        assertThat(fresh.resumed()).isFalse();
        assertThat(sessions.authenticate(fresh.sessionToken()).userId()).isNull();

        SessionService.HandshakeStarted afterIdle = sessions.begin(balancer.authCode("file-1"), idle.token());
        jdbc.update("update sessions set last_used_at = now() - interval '31 minutes' where id = ?", idle.sessionId());
        SessionService.HandshakeCompleted alsoFresh =
                sessions.acknowledge(afterIdle.sessionId(), afterIdle.serverNonce());
        assertThat(alsoFresh.resumed()).isFalse();
        assertThat(sessions.authenticate(alsoFresh.sessionToken()).userId()).isNull();
    }

    @Test
    void streamsKeepOnlyTheirUsersLiveSessionsAliveInBatches() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        TestSessions.LoggedIn bob = TestSessions.loggedIn(client, dataSource, "file-1", "bob");
        UUID aliceSession = TestSessions.sessionId(dataSource, alice.token());
        UUID bobSession = TestSessions.sessionId(dataSource, bob.token());
        TestSessions.Session recent = TestSessions.loggedInAs(client, dataSource, "file-1", alice.userId());
        TestSessions.Session closed = TestSessions.loggedInAs(client, dataSource, "file-1", alice.userId());
        sessions.close(closed.sessionId());
        UUID anonymous = TestSessions.sessionId(dataSource, client.openSession(balancer.authCode("file-1")));
        jdbc.update(
                "update sessions set last_used_at = now() - interval '2 minutes' where id <> ?", recent.sessionId());
        jdbc.update(
                "update sessions set last_used_at = now() - interval '30 seconds' where id = ?", recent.sessionId());
        Timestamp recentlyUsed = jdbc.queryForObject(
                "select last_used_at from sessions where id = ?", Timestamp.class, recent.sessionId());

        Map<UUID, UUID> streams = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            streams.put(UUID.randomUUID(), alice.userId()); // a first batch of sessions that are gone
        }
        streams.put(aliceSession, alice.userId());
        streams.put(bobSession, alice.userId()); // bob's session, expected to be alice's
        streams.put(recent.sessionId(), alice.userId());
        streams.put(closed.sessionId(), alice.userId());
        streams.put(anonymous, alice.userId());

        assertThat(sessions.holdOpenForStreams(streams)).containsExactlyInAnyOrder(aliceSession, recent.sessionId());

        assertThat(jdbc.queryForObject(
                        "select now() - last_used_at < interval '1 minute' from sessions where id = ?",
                        Boolean.class,
                        aliceSession))
                .as("unused for more than a minute: touched")
                .isTrue();
        assertThat(jdbc.queryForObject(
                        "select last_used_at from sessions where id = ?", Timestamp.class, recent.sessionId()))
                .as("used within the last minute: left alone")
                .isEqualTo(recentlyUsed);
        assertThat(jdbc.queryForList(
                        "select now() - last_used_at > interval '1 minute' from sessions where id in (?, ?)",
                        Boolean.class,
                        bobSession,
                        anonymous))
                .containsOnly(true);
        assertThat(sessions.holdOpenForStreams(Map.of())).isEmpty();
    }

    @Test
    void anAckAfterTheWindowVoidsTheHandshake() {
        SessionService.HandshakeStarted started = sessions.begin(balancer.authCode("file-1"), null);
        jdbc.update(
                "update sessions set created_at = now() - interval '11 seconds', started_at = now() - interval '11 seconds', last_used_at = now() - interval '11 seconds' where id = ?",
                started.sessionId());
        double expiredBefore =
                meters.counter("filesys.handshakes", "outcome", "expired").count();

        assertThatThrownBy(() -> sessions.acknowledge(started.sessionId(), started.serverNonce()))
                .isInstanceOf(HandshakeExpired.class);

        assertThat(count("select count(*) from sessions")).isZero();
        assertThat(meters.counter("filesys.handshakes", "outcome", "expired").count())
                .isEqualTo(expiredBefore + 1);
    }

    @Test
    void housekeepingClosesExpiredSessionsAnnouncingLoggedInOnesAndPurgesWhatIsStale() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        UUID aliceSession = TestSessions.sessionId(dataSource, alice.token());
        String anonymous = client.openSession(balancer.authCode("file-1"));
        // logged in, so that it counts toward capacity in the recount below
        String fresh =
                TestSessions.loggedIn(client, dataSource, "file-1", "bob").token();
        SessionService.HandshakeStarted stale = sessions.begin(balancer.authCode("file-1"), null);
        sessions.begin(balancer.authCode("file-1"), null);
        jdbc.update(
                "update sessions set created_at = now() - interval '11 seconds', started_at = now() - interval '11 seconds', last_used_at = now() - interval '11 seconds' where id = ?",
                stale.sessionId());
        jdbc.update(
                "update sessions set last_used_at = now() - interval '31 minutes' where token_hash in"
                        + " (sha256(?::bytea), sha256(?::bytea))",
                alice.token(),
                anonymous);
        jdbc.update("insert into used_auth_codes (jti, used_at, expires_at) values ('old', now() - interval '1 hour',"
                + " now() - interval '59 minutes')");
        jdbc.update("insert into sessions (id, state, server_id, created_at, started_at, last_used_at, closed_at)"
                + " values (gen_random_uuid(), 'CLOSED', 'file-1', now() - interval '3 days',"
                + " now() - interval '3 days', now() - interval '3 days', now() - interval '2 days')");
        int codes = count("select count(*) from used_auth_codes");

        housekeeping.purge();

        assertThat(events.stream(SessionClosed.class).toList())
                .containsExactly(new SessionClosed(aliceSession, alice.userId(), SessionClosed.Reason.EXPIRED));
        assertThat(jdbc.queryForList("select state from sessions order by state", String.class))
                .as("two expired closed, the fresh one open, one handshake in its window; the stale one and the"
                        + " long-closed row gone")
                .containsExactly("CLOSED", "CLOSED", "HALF_OPEN", "OPEN");
        assertThat(count("select count(*) from used_auth_codes")).isEqualTo(codes - 1);
        assertThat(sessions.authenticate(fresh).sessionId()).isNotNull();

        housekeeping.recountOpenSessions();
        assertThat(activeSessions.get()).isEqualTo(1);
    }

    @Test
    void anAckNamingAnOpenSessionIsNoHandshakeAndLeavesItAlone() {
        String token = client.openSession(balancer.authCode("file-1"));
        UUID sessionId = TestSessions.sessionId(dataSource, token);

        assertThatThrownBy(() -> sessions.acknowledge(sessionId, "anything")).isInstanceOf(HandshakeExpired.class);

        assertThat(sessions.authenticate(token).sessionId()).isEqualTo(sessionId);
    }

    @Test
    void closingAClosedSessionAgainChangesNothing() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        UUID sessionId = TestSessions.sessionId(dataSource, alice.token());
        sessions.close(sessionId);
        Timestamp closedAt =
                jdbc.queryForObject("select closed_at from sessions where id = ?", Timestamp.class, sessionId);

        sessions.close(sessionId);

        assertThat(jdbc.queryForObject("select closed_at from sessions where id = ?", Timestamp.class, sessionId))
                .isEqualTo(closedAt);
        assertThat(events.stream(SessionClosed.class)).hasSize(1);
    }

    @Test
    void loginWithANewTokenBindsTheUserLoggingIn() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        TestSessions.LoggedIn bob = TestSessions.loggedIn(client, dataSource, "file-1", "bob");
        UUID sessionId = TestSessions.sessionId(dataSource, alice.token());

        String token = sessions.logInWithNewToken(sessionId, bob.userId());

        assertThat(sessions.authenticate(token).username()).isEqualTo("bob");
    }

    private int count(String sql) {
        return jdbc.queryForObject(sql, Integer.class);
    }

    private Timestamp lastUsed(String token) {
        return jdbc.queryForObject(
                "select last_used_at from sessions where token_hash = sha256(?::bytea)", Timestamp.class, token);
    }

    private Map<String, Double> handshakeCounts() {
        Map<String, Double> counts = new LinkedHashMap<>();
        for (String outcome : List.of(
                "started", "opened", "resumed", "replayed", "invalid_code", "invalid_nonce", "expired", "refused")) {
            counts.put(
                    outcome,
                    meters.counter("filesys.handshakes", "outcome", outcome).count());
        }
        return counts;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String outcome) {
        return after.get(outcome) - before.get(outcome);
    }
}
