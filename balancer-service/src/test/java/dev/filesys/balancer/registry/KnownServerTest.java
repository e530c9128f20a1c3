package dev.filesys.balancer.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.protocol.Availability;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The health state machine of one server: fall failures to DOWN, rise answers back to UP. */
class KnownServerTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final Duration FAST = Duration.ofMillis(3);
    private static final Availability YES = new Availability(true, 1, 10, null);
    private static final Availability NO = new Availability(false, 10, 10, "AT_CAPACITY");

    private final AtomicInteger recoveries = new AtomicInteger();
    private final KnownServer server = new KnownServer(
            "fs-1", URI.create("http://127.0.0.1:8081"), null, ServerSource.STATIC, 3, 2, recoveries::incrementAndGet);

    @Test
    void aNewServerIsUpAndKnowsWhereToBeAsked() {
        assertThat(server.state()).isEqualTo(ServerState.UP);
        assertThat(server.availabilityUri()).hasToString("http://127.0.0.1:8081/internal/v1/availability");
    }

    @Test
    void fewerThanFallFailuresMakeItSuspectAndFallMakeItDown() {
        server.recordFailure(FAST, NOW, "refused");
        assertThat(server.state()).isEqualTo(ServerState.SUSPECT);
        server.recordFailure(FAST, NOW, "refused");
        assertThat(server.state()).isEqualTo(ServerState.SUSPECT);
        assertThat(server.isDown()).isFalse();

        server.recordFailure(FAST, NOW, "refused");

        assertThat(server.state()).isEqualTo(ServerState.DOWN);
        assertThat(server.isDown()).isTrue();
        assertThat(server.view().consecutiveFailures()).isEqualTo(3);
    }

    @Test
    void anAnswerInBetweenResetsTheFailures() {
        server.recordFailure(FAST, NOW, "refused");
        server.recordFailure(FAST, NOW, "refused");
        server.recordAnswer(NO, FAST, NOW);
        server.recordFailure(FAST, NOW, "refused");
        server.recordFailure(FAST, NOW, "refused");

        assertThat(server.state()).isEqualTo(ServerState.SUSPECT);
        assertThat(server.view().consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void riseAnswersInARowBringADownServerBackOnce() {
        failTimes(3);

        server.recordAnswer(YES, FAST, NOW);
        assertThat(server.state()).as("one answer is not enough").isEqualTo(ServerState.DOWN);
        server.recordAnswer(NO, FAST, NOW);

        assertThat(server.state()).as("a no is an answer too").isEqualTo(ServerState.UP);
        assertThat(recoveries).hasValue(1);
        server.recordAnswer(YES, FAST, NOW);
        assertThat(recoveries).hasValue(1);
    }

    @Test
    void aFailureBetweenAnswersRestartsTheRise() {
        failTimes(3);
        server.recordAnswer(YES, FAST, NOW);
        server.recordFailure(FAST, NOW, "timeout");
        assertThat(server.state()).as("a DOWN server stays DOWN whatever fails").isEqualTo(ServerState.DOWN);
        server.recordAnswer(YES, FAST, NOW);

        assertThat(server.state()).isEqualTo(ServerState.DOWN);
        server.recordAnswer(YES, FAST, NOW);
        assertThat(server.state()).isEqualTo(ServerState.UP);
    }

    @Test
    void aSuspectServerNeedsRiseAnswersToo() {
        server.recordFailure(FAST, NOW, "timeout");
        server.recordAnswer(YES, FAST, NOW);
        assertThat(server.state()).isEqualTo(ServerState.SUSPECT);
        server.recordAnswer(YES, FAST, NOW);
        assertThat(server.state()).isEqualTo(ServerState.UP);
    }

    @Test
    void theViewShowsTheLastAnswer() {
        server.recordAnswer(NO, Duration.ofMillis(7), NOW);

        ServerView view = server.view();
        assertThat(view.serverId()).isEqualTo("fs-1");
        assertThat(view.url()).isEqualTo("http://127.0.0.1:8081");
        assertThat(view.lastLatencyMillis()).isEqualTo(7);
        assertThat(view.activeSessions()).isEqualTo(10);
        assertThat(view.capacity()).isEqualTo(10);
        assertThat(view.lastSeen()).isEqualTo(NOW);
        assertThat(view.leaseExpiresAt()).isNull();
    }

    @Test
    void markDownTakesItOutAtOnce() {
        server.markDown();
        assertThat(server.state()).isEqualTo(ServerState.DOWN);
    }

    private void failTimes(int times) {
        for (int i = 0; i < times; i++) {
            server.recordFailure(FAST, NOW, "refused");
        }
    }
}
