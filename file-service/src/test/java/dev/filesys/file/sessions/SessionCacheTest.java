package dev.filesys.file.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.TestProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link SessionCache} that need no database: nothing is served while the instance does not listen, a row
 * read before an invalidation is not kept, invalidations drop what they name and nothing else, and an entry is served
 * only within the bound.
 */
class SessionCacheTest {

    private static final byte[] ALICES_TOKEN = SessionTokens.sha256("alice's token");
    private static final byte[] BOBS_TOKEN = SessionTokens.sha256("bob's token");

    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final SessionCache cache = cache("1m");

    @Test
    void nothingIsServedWhileTheInstanceDoesNotListen() {
        cache.remember(ALICES_TOKEN, open(alice), cache.generation(), System.nanoTime());
        assertThat(cache.find(ALICES_TOKEN)).isEmpty();
        assertThat(cache.listening()).isFalse();

        cache.listening(true);
        assertThat(cache.listening()).isTrue();
        cache.remember(ALICES_TOKEN, open(alice), cache.generation(), System.nanoTime());
        assertThat(cache.find(ALICES_TOKEN)).isPresent();

        cache.listening(false);
        assertThat(cache.find(ALICES_TOKEN))
                .as("dropped when the listener is lost")
                .isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aRowReadBeforeAnInvalidationIsNotKept() {
        cache.listening(true);
        long before = cache.generation();

        cache.forgetUser(bob);
        cache.remember(ALICES_TOKEN, open(alice), before, System.nanoTime());

        assertThat(cache.find(ALICES_TOKEN)).isEmpty();
    }

    @Test
    void invalidationsDropWhatTheyNameOnly() {
        cache.listening(true);
        SessionStatements.Found alices = open(alice);
        cache.remember(ALICES_TOKEN, alices, cache.generation(), System.nanoTime());
        cache.remember(BOBS_TOKEN, open(bob), cache.generation(), System.nanoTime());

        cache.forgetUser(bob);
        assertThat(cache.find(BOBS_TOKEN)).isEmpty();
        assertThat(cache.find(ALICES_TOKEN)).isPresent();

        byte[] alicesOtherToken = SessionTokens.sha256("alice's other token");
        cache.remember(alicesOtherToken, open(alice), cache.generation(), System.nanoTime());
        cache.forgetSession(alices.id());
        assertThat(cache.find(ALICES_TOKEN)).isEmpty();
        assertThat(cache.find(alicesOtherToken)).as("her other session").isPresent();
    }

    @Test
    void onlyOpenSessionsAreKept() {
        cache.listening(true);
        Instant now = Instant.now();
        cache.remember(
                ALICES_TOKEN,
                new SessionStatements.Found(
                        UUID.randomUUID(), SessionState.CLOSED, alice, "name", now, now, null, false, false, false),
                cache.generation(),
                System.nanoTime());

        assertThat(cache.find(ALICES_TOKEN)).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aUseIsRecordedAtMostOncePerInterval() {
        Instant read = Instant.parse("2026-12-05T10:00:00Z");
        SessionCache.Entry entry = new SessionCache.Entry(open(alice), System.nanoTime(), read);

        assertThat(entry.usedAt(read.plusMillis(999), Duration.ofSeconds(1))).isFalse();
        assertThat(entry.lastUsedAt()).isEqualTo(read);
        assertThat(entry.usedAt(read.plusSeconds(1), Duration.ofSeconds(1))).isTrue();
        assertThat(entry.lastUsedAt()).isEqualTo(read.plusSeconds(1));
    }

    @Test
    void anEntryExpiresByItsLastUseAndAnAnonymousOneAtItsHandshakeWindow() {
        Instant start = Instant.parse("2026-12-05T10:00:00Z");
        Instant windowEnd = start.plusSeconds(30);
        Duration idle = Duration.ofMinutes(30);
        Duration lifetime = Duration.ofHours(12);
        SessionCache.Entry loggedIn = new SessionCache.Entry(
                new SessionStatements.Found(
                        UUID.randomUUID(),
                        SessionState.OPEN,
                        alice,
                        "alice",
                        start,
                        start,
                        windowEnd,
                        false,
                        false,
                        false),
                System.nanoTime(),
                start);
        SessionCache.Entry anonymous = new SessionCache.Entry(
                new SessionStatements.Found(
                        UUID.randomUUID(), SessionState.OPEN, null, null, start, start, windowEnd, false, false, false),
                System.nanoTime(),
                start);

        assertThat(loggedIn.isExpired(idle, lifetime, windowEnd))
                .as("a logged-in session outlives the handshake window")
                .isFalse();
        assertThat(anonymous.isExpired(idle, lifetime, windowEnd)).isTrue();
        assertThat(loggedIn.isExpired(idle, lifetime, start.plus(idle))).isTrue();
        loggedIn.usedAt(start.plusSeconds(60), Duration.ofSeconds(1));
        assertThat(loggedIn.isExpired(idle, lifetime, start.plus(idle)))
                .as("a later use recorded here moves the idle timeout")
                .isFalse();
    }

    @Test
    void entriesAreServedOnlyWithinTheBound() {
        cache.listening(true);
        long twoMinutesAgo = System.nanoTime() - Duration.ofMinutes(2).toNanos();
        cache.remember(ALICES_TOKEN, open(alice), cache.generation(), twoMinutesAgo);
        cache.remember(BOBS_TOKEN, open(bob), cache.generation(), System.nanoTime());

        assertThat(cache.find(ALICES_TOKEN)).isEmpty();
        cache.evictStale();
        assertThat(cache.size()).isOne();
        assertThat(cache.find(BOBS_TOKEN)).isPresent();
    }

    @Test
    void aBoundOfZeroServesNothing() {
        SessionCache off = cache("0s");
        off.listening(true);
        off.remember(ALICES_TOKEN, open(alice), off.generation(), System.nanoTime());

        assertThat(off.find(ALICES_TOKEN)).isEmpty();
        assertThat(off.size()).isZero();
    }

    private static SessionCache cache(String maxStaleness) {
        return new SessionCache(TestProperties.fileService(Map.of("sessions.max-staleness", maxStaleness)));
    }

    private static SessionStatements.Found open(UUID user) {
        Instant now = Instant.now();
        return new SessionStatements.Found(
                UUID.randomUUID(), SessionState.OPEN, user, "name", now, now, null, false, false, false);
    }
}
