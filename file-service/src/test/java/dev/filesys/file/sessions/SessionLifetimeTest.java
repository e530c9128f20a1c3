package dev.filesys.file.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.availability.ActiveSessions;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClock;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestSessions;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * A session's life against the clock, with {@link SessionService} called directly on the real database and the clock
 * moved by the test: uses answered from memory and written later, expiry judged by the latest use known here, the
 * anonymous deadline of a fresh session, a disabled user's session, and how logging out and resuming move this
 * instance's count of open sessions. Memory keeps a session for an hour here, so what memory answers does not depend on
 * how fast the machine is; the periodic recount is set far apart so only the service moves the count.
 */
@FileServiceTest
@RecordApplicationEvents
@TestPropertySource(
        properties = {
            "filesys.sessions.max-staleness=1h",
            "filesys.sessions.idle-timeout=2m",
            "filesys.sessions.anonymous-timeout=1m",
            "filesys.availability.refresh-interval=1h",
            "filesys.availability.stale-after=2h"
        })
class SessionLifetimeTest {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    SessionService sessions;

    @Autowired
    ActiveSessions activeSessions;

    @Autowired
    TestClock clock;

    @Autowired
    SessionHousekeeping housekeeping;

    @Autowired
    ApplicationEvents events;

    TestClient client;
    JdbcTemplate jdbc;
    StubBalancer balancer = StubBalancer.shared();

    @BeforeEach
    void setUp() {
        TestDatabase.clear(dataSource);
        client = TestClient.onPort(port);
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aUseAnsweredFromMemoryIsWrittenByTheNextWriteOfUses() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        CurrentSession session = inMemory(alice.token());

        clock.advance(Duration.ofSeconds(30));
        Instant before = clock.instant();
        assertThat(sessions.authenticate(alice.token())).isEqualTo(session);
        Instant after = clock.instant();
        sessions.writeUses();
        assertThat(lastUse(session.sessionId())).isBetween(before.truncatedTo(ChronoUnit.MICROS), after);

        clock.advance(Duration.ofSeconds(30));
        before = clock.instant();
        sessions.authenticate(alice.token());
        after = clock.instant();
        sessions.writeUsesAtShutdown();
        assertThat(lastUse(session.sessionId())).isBetween(before.truncatedTo(ChronoUnit.MICROS), after);
    }

    @Test
    void aSessionIdleInMemoryPastItsTimeoutIsNotAnsweredFromMemory() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        inMemory(alice.token());

        clock.advance(Duration.ofMinutes(2).plusSeconds(1));

        assertThat(sessions.authenticateFromMemory(alice.token())).isEmpty();
        assertThatThrownBy(() -> sessions.authenticate(alice.token())).isInstanceOf(SessionExpired.class);
    }

    @Test
    void expiryIsJudgedByTheLatestUseKnownHereEvenIfNotWrittenYet() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        inMemory(alice.token());
        clock.advance(Duration.ofSeconds(90));
        sessions.authenticate(alice.token()); // from memory: the use is not written yet
        sessions.userChanged(alice.userId()); // memory forgets the session, the unwritten use stays

        clock.advance(Duration.ofSeconds(90)); // 3 minutes after the written use, 90 s after the latest

        assertThat(sessions.authenticate(alice.token()).userId()).isEqualTo(alice.userId());
    }

    @Test
    void aChangeOfTheUserAnnouncedOutsideATransactionIsSeenAtOnce() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        assertThat(inMemory(alice.token()).admin()).isFalse();
        jdbc.update("update users set role = 'admin' where id = ?", alice.userId());
        assertThat(sessions.authenticate(alice.token()).admin())
                .as("memory still answers")
                .isFalse();

        sessions.userChanged(alice.userId());

        assertThat(sessions.authenticate(alice.token()).admin()).isTrue();
    }

    @Test
    void aFreshSessionNobodyLogsInToEndsAtItsAnonymousDeadline() {
        SessionService.HandshakeStarted started = sessions.begin(balancer.authCode("file-1"), null);
        String token =
                sessions.acknowledge(started.sessionId(), started.serverNonce()).sessionToken();

        clock.advance(Duration.ofSeconds(61));

        assertThatThrownBy(() -> sessions.authenticate(token)).isInstanceOf(SessionExpired.class);
    }

    @Test
    void theSessionOfADisabledUserIsClosedAtItsNextRequest() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        UUID sessionId = TestSessions.sessionId(dataSource, alice.token());
        jdbc.update("update users set disabled_at = now() where id = ?", alice.userId());

        assertThatThrownBy(() -> sessions.authenticate(alice.token())).isInstanceOf(SessionExpired.class);

        assertThat(jdbc.queryForObject("select state from sessions where id = ?", String.class, sessionId))
                .isEqualTo("CLOSED");
        assertThat(events.stream(SessionClosed.class).toList())
                .containsExactly(new SessionClosed(sessionId, alice.userId(), SessionClosed.Reason.REVOKED));
    }

    @Test
    void loggingOutUncountsOnlyALoggedInSessionOfThisServer() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        UUID own = TestSessions.sessionId(dataSource, client.openSession(balancer.authCode("file-1")));
        sessions.logIn(own, alice.userId()); // counted, as a login here is
        TestSessions.Session foreign = TestSessions.loggedInAs(client, dataSource, "file-1", alice.userId());
        jdbc.update("update sessions set server_id = 'file-2' where id = ?", foreign.sessionId());
        UUID anonymous = TestSessions.sessionId(dataSource, client.openSession(balancer.authCode("file-1")));
        int before = activeSessions.get();

        sessions.logOut(anonymous);
        sessions.logOut(foreign.sessionId());
        assertThat(activeSessions.get()).isEqualTo(before);

        sessions.logOut(own);
        assertThat(activeSessions.get()).isEqualTo(before - 1);
    }

    @Test
    void resumingALoggedInSessionKeepsTheCountAndItsUser() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        String token = client.openSession(balancer.authCode("file-1"));
        sessions.logIn(TestSessions.sessionId(dataSource, token), alice.userId()); // counted, as a login here is
        int before = activeSessions.get();

        SessionService.HandshakeStarted resuming = sessions.begin(balancer.authCode("file-1"), token);
        SessionService.HandshakeCompleted resumed = sessions.acknowledge(resuming.sessionId(), resuming.serverNonce());

        assertThat(resumed.resumed()).isTrue();
        assertThat(sessions.authenticate(resumed.sessionToken()).userId()).isEqualTo(alice.userId());
        assertThat(activeSessions.get())
                .as("one opened, the adopted one closed")
                .isEqualTo(before);
    }

    @Test
    void onlyOpenUnexpiredSessionsAreListedAndOnlyAnOpenOneIsClosedAsOwn() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        UUID current = TestSessions.sessionId(dataSource, alice.token());
        TestSessions.Session idle = TestSessions.loggedInAs(client, dataSource, "file-1", alice.userId());
        TestSessions.Session closed = TestSessions.loggedInAs(client, dataSource, "file-1", alice.userId());
        jdbc.update("update sessions set last_used_at = now() - interval '3 minutes' where id = ?", idle.sessionId());
        assertThat(sessions.closeOwn(alice.userId(), closed.sessionId())).isTrue();

        assertThat(sessions.openSessionsOf(alice.userId()))
                .extracting(SessionService.OpenSession::sessionId)
                .containsExactly(current);
        assertThat(sessions.closeOwn(alice.userId(), closed.sessionId())).isFalse();
        assertThat(events.stream(SessionClosed.class)).hasSize(1);
    }

    @Test
    void aStreamsSessionIsTouchedOnceAQuarterOfItsIdleTimeoutHasPassed() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        UUID sessionId = TestSessions.sessionId(dataSource, alice.token());
        jdbc.update("update sessions set last_used_at = now() - interval '45 seconds' where id = ?", sessionId);
        Timestamp before = lastUsed(sessionId);

        assertThat(sessions.holdOpenForStreams(Map.of(sessionId, alice.userId())))
                .containsExactly(sessionId);

        assertThat(lastUsed(sessionId)).as("45 s unused, past 30 s: touched").isAfter(before);
    }

    @Test
    void theRecountTakesTheOpenLoggedInSessionsOfThisServerFromTheDatabase() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        TestSessions.loggedIn(client, dataSource, "file-1", "bob");
        client.openSession(balancer.authCode("file-1"));

        housekeeping.recountOpenSessions();
        assertThat(activeSessions.get()).as("two logged in, one anonymous").isEqualTo(2);

        jdbc.update("update sessions set server_id = 'file-2' where user_id = ?", alice.userId());
        housekeeping.recountOpenSessions();
        assertThat(activeSessions.get()).isEqualTo(1);
    }

    @Test
    void housekeepingSchedulesTheWritingOfUsesTheRecountAndThePurge() {
        ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();

        housekeeping.configureTasks(registrar);

        assertThat(registrar.getFixedDelayTaskList())
                .extracting(task -> task.getIntervalDuration(), task -> task.getInitialDelayDuration())
                .containsExactly(
                        tuple(Duration.ofSeconds(1), Duration.ofSeconds(1)),
                        tuple(Duration.ofHours(1), Duration.ZERO),
                        tuple(Duration.ofMinutes(1), Duration.ofMinutes(1)));
    }

    /** Authenticates until memory answers for the token (it does once this instance listens for changes). */
    private CurrentSession inMemory(String token) {
        return await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> {
                            CurrentSession session = sessions.authenticate(token);
                            return sessions.authenticateFromMemory(token)
                                    .filter(session::equals)
                                    .orElse(null);
                        },
                        found -> found != null);
    }

    private Timestamp lastUsed(UUID sessionId) {
        return jdbc.queryForObject("select last_used_at from sessions where id = ?", Timestamp.class, sessionId);
    }

    /** When the session was last used as the database has it, to the microsecond it keeps. */
    private Instant lastUse(UUID sessionId) {
        return lastUsed(sessionId).toInstant();
    }
}
