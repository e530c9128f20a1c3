package dev.filesys.file.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.availability.InstanceAvailability;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * The rules of a session row and its secrets without a database: the exact edges of the handshake window, the idle
 * timeout and the absolute lifetime, what an adoption takes over, and how tokens are made and compared.
 */
class SessionRulesTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration LIFETIME = Duration.ofHours(12);
    private static final Duration NANO = Duration.ofNanos(1);

    @Test
    void aHalfOpenSessionWaitsForItsAck() {
        byte[] nonceHash = SessionTokens.sha256("nonce");
        Session session = Session.halfOpen("file-1", nonceHash, T0);

        assertThat(session.state()).isEqualTo(SessionState.HALF_OPEN);
        assertThat(session.serverId()).isEqualTo("file-1");
        assertThat(session.nonceHash()).isEqualTo(nonceHash);
        assertThat(session.lastUsedAt()).isEqualTo(T0);
        assertThat(session.userId()).isNull();
        assertThat(session.resumesId()).isNull();
        assertThat(session.id()).isNotNull();
    }

    @Test
    void theHandshakeWindowEndsExactlyAfterItsLength() {
        Session session = Session.halfOpen("file-1", SessionTokens.sha256("nonce"), T0);

        assertThat(session.isHalfOpenPast(WINDOW, T0.plus(WINDOW).minus(NANO))).isFalse();
        assertThat(session.isHalfOpenPast(WINDOW, T0.plus(WINDOW))).isTrue();
    }

    @Test
    void theAckOpensTheSessionAndForgetsTheNonce() {
        Session session = Session.halfOpen("file-1", SessionTokens.sha256("nonce"), T0);

        session.open(SessionTokens.sha256("token"), T0.plusSeconds(2));

        assertThat(session.state()).isEqualTo(SessionState.OPEN);
        assertThat(session.nonceHash()).isNull();
        assertThat(session.lastUsedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void anOpenSessionIdlesOutExactlyAtItsIdleTimeout() {
        Session session = open(T0);
        Instant used = T0.plus(Duration.ofHours(1));
        lastUsedAt(session, used);

        assertThat(session.lastUsedAt()).isEqualTo(used);
        assertThat(session.isExpired(IDLE, LIFETIME, used.plus(IDLE).minus(NANO)))
                .isFalse();
        assertThat(session.isExpired(IDLE, LIFETIME, used.plus(IDLE))).isTrue();
    }

    @Test
    void anOpenSessionEndsExactlyAtItsLifetimeHoweverBusy() {
        Session session = open(T0);
        Instant end = T0.plus(LIFETIME);
        lastUsedAt(session, end.minusSeconds(1));

        assertThat(session.isExpired(IDLE, LIFETIME, end.minus(NANO))).isFalse();
        assertThat(session.isExpired(IDLE, LIFETIME, end)).isTrue();
    }

    @Test
    void anAdoptionTakesOverTheUserAndTheEarlierStart() {
        UUID alice = UUID.randomUUID();
        Session old = open(T0);
        old.logIn(alice);
        Session fresh = open(T0.plus(Duration.ofHours(3)));

        fresh.resume(old);
        fresh.inherit(old);

        assertThat(fresh.resumesId()).isEqualTo(old.id());
        assertThat(fresh.userId()).isEqualTo(alice);
        Instant stillAlive = T0.plus(LIFETIME).minusSeconds(1);
        lastUsedAt(fresh, stillAlive);
        assertThat(fresh.isExpired(IDLE, LIFETIME, stillAlive)).isFalse();
        assertThat(fresh.isExpired(IDLE, LIFETIME, T0.plus(LIFETIME)))
                .as("the adopted session's lifetime, counted from its own start")
                .isTrue();
    }

    @Test
    void anAdoptionNeverExtendsTheLifetimeOfTheAdopter() {
        Session older = open(T0);
        Session younger = open(T0.plus(Duration.ofHours(3)));

        older.inherit(younger);

        lastUsedAt(older, T0.plus(LIFETIME).minusSeconds(1));
        assertThat(older.isExpired(IDLE, LIFETIME, T0.plus(LIFETIME))).isTrue();
    }

    @Test
    void loggingInAndOutBindsAndUnbindsTheUser() {
        UUID bob = UUID.randomUUID();
        Session session = open(T0);

        session.logIn(bob);
        assertThat(session.userId()).isEqualTo(bob);

        session.logOut(T0.plusSeconds(120));
        assertThat(session.userId()).isNull();
        assertThat(session.state()).isEqualTo(SessionState.OPEN);
    }

    @Test
    void aSessionNobodyLogsInToEndsAtItsAnonymousDeadlineAndALoginLiftsIt() {
        Session session = open(T0);
        session.requireLoginBy(T0.plusSeconds(120));

        assertThat(session.isExpired(IDLE, LIFETIME, T0.plusSeconds(119))).isFalse();
        assertThat(session.isExpired(IDLE, LIFETIME, T0.plusSeconds(120))).isTrue();

        session.logIn(UUID.randomUUID());
        assertThat(session.isExpired(IDLE, LIFETIME, T0.plusSeconds(600))).isFalse();

        session.logOut(T0.plusSeconds(700));
        assertThat(session.isExpired(IDLE, LIFETIME, T0.plusSeconds(699))).isFalse();
        assertThat(session.isExpired(IDLE, LIFETIME, T0.plusSeconds(700))).isTrue();
    }

    @Test
    void closingEndsTheSession() {
        Session session = open(T0);

        session.close(T0.plusSeconds(5));

        assertThat(session.state()).isEqualTo(SessionState.CLOSED);
    }

    @Test
    void secretsAre256RandomBitsInBase64Url() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String secret = SessionTokens.newSecret();
            assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
            secrets.add(secret);
        }
        assertThat(secrets).hasSize(100);
    }

    @Test
    void onlyTheSha256OfASecretIsKeptAndOnlyTheSameSecretMatchesIt() {
        byte[] hash = SessionTokens.sha256("abc");
        assertThat(HexFormat.of().formatHex(hash))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

        assertThat(SessionTokens.matches("abc", hash)).isTrue();
        assertThat(SessionTokens.matches("abd", hash)).isFalse();
        assertThat(SessionTokens.matches(null, hash)).isFalse();
        assertThat(SessionTokens.matches("abc", null)).isFalse();
    }

    @Test
    void theCurrentSessionHasAUserOnlyWhenLoggedIn() {
        UUID sessionId = UUID.randomUUID();
        UUID alice = UUID.randomUUID();

        assertThat(new CurrentSession(sessionId, null, null).user()).isEmpty();
        assertThat(new CurrentSession(sessionId, alice, "alice").user()).contains(new CurrentUser(alice, "alice"));
    }

    @Test
    void eachReasonToRefuseAHandshakeHasItsCodeAndSendsTheClientBackToTheBalancer() {
        assertRefusal(InstanceAvailability.Reason.DRAINING, "SERVER_DRAINING", "shutting down");
        assertRefusal(InstanceAvailability.Reason.AT_CAPACITY, "SERVER_AT_CAPACITY", "full");
        assertRefusal(InstanceAvailability.Reason.DATABASE_UNREACHABLE, "SERVER_UNAVAILABLE", "right now");
        assertRefusal(InstanceAvailability.Reason.STORAGE_UNAVAILABLE, "SERVER_UNAVAILABLE", "right now");
    }

    private static void assertRefusal(InstanceAvailability.Reason reason, String code, String detail) {
        ServerNotAccepting refusal = new ServerNotAccepting(reason);
        assertThat(refusal.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(refusal.code()).isEqualTo(code);
        assertThat(refusal.getBody().getDetail()).contains(detail).contains("ask the balancer for another");
        assertThat(refusal.getHeaders().getFirst("Retry-After")).isEqualTo("1");
    }

    /**
     * Records a use of an open session at {@code at}: the entity sets its last use only at the ack (later uses are
     * recorded in SQL by {@link SessionStatements}), so the test acks again.
     */
    private static void lastUsedAt(Session session, Instant at) {
        session.open(SessionTokens.sha256(SessionTokens.newSecret()), at);
    }

    private static Session open(Instant at) {
        Session session = Session.halfOpen("file-1", SessionTokens.sha256("nonce"), at);
        session.open(SessionTokens.sha256(SessionTokens.newSecret()), at);
        return session;
    }
}
