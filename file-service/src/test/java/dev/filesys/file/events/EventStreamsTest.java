package dev.filesys.file.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.filesys.file.sessions.SessionService;
import dev.filesys.file.testsupport.TestProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routing events to streams, dropping slow clients, ending streams with their sessions, and where a stream starts. */
class EventStreamsTest {

    private static final UUID BOB = UUID.randomUUID();
    private static final UUID CAROL = UUID.randomUUID();
    private static final UUID BOBS_SESSION = UUID.randomUUID();
    private static final UUID CAROLS_SESSION = UUID.randomUUID();

    private final SessionService sessions = mock(SessionService.class);
    private final EventRepository repository = mock(EventRepository.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EventStreams streams = new EventStreams(
            sessions,
            repository,
            TestProperties.fileService(Map.of("events.stream-buffer", "3", "events.replay-limit", "2")),
            meters);

    @AfterEach
    void stop() {
        streams.stop();
    }

    @Test
    void anEventReachesOnlyTheStreamsOfTheUsersItConcerns() {
        EventStream bobs = started(BOB, BOBS_SESSION);
        EventStream carols = started(CAROL, CAROLS_SESSION);

        streams.dispatch(event(11, EventType.FILE_SHARED, List.of(BOB), null));
        streams.dispatch(event(12, EventType.USER_LOGGED_IN, List.of(BOB), UUID.randomUUID()));

        assertThat(bobs.queued()).as("instance-only events are not streamed").isEqualTo(1);
        assertThat(carols.queued()).isZero();
    }

    @Test
    void aClientThatFallsBehindIsDroppedAndItsQueueFreed() throws InterruptedException {
        EventStream slow = started(BOB, BOBS_SESSION);
        EventStream other = started(CAROL, CAROLS_SESSION);

        for (int id = 11; id <= 14; id++) {
            streams.dispatch(event(id, EventType.FILE_SHARED, List.of(BOB, CAROL), null));
            if (other.queued() > 0) {
                other.next(Duration.ZERO);
            }
        }

        assertThat(slow.queued()).isZero();
        assertThat(slow.next(Duration.ZERO)).isEqualTo(new EventStream.Ended(EventStream.End.TOO_SLOW));
        assertThat(other.ending()).isFalse();
        assertThat(meters.get("filesys.events.streams.dropped").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aClosedSessionOrALogoutEndsItsStreamsAfterWhatIsQueued() throws InterruptedException {
        EventStream bobs = started(BOB, BOBS_SESSION);
        EventStream carols = started(CAROL, CAROLS_SESSION);

        streams.dispatch(event(11, EventType.SESSION_CLOSED, List.of(BOB), BOBS_SESSION));
        streams.dispatch(event(12, EventType.USER_LOGGED_OUT, List.of(CAROL), CAROLS_SESSION));

        assertThat(bobs.next(Duration.ZERO)).isInstanceOf(EventStream.Deliver.class);
        assertThat(bobs.next(Duration.ZERO)).isEqualTo(new EventStream.Ended(EventStream.End.SESSION_ENDED));
        assertThat(carols.next(Duration.ZERO)).isEqualTo(new EventStream.Ended(EventStream.End.SESSION_ENDED));
    }

    @Test
    void aLoginEndsTheSessionsStreamsOnlyWhenSomeoneElseLoggedInAndOnlyIfItCameAfterTheStart() {
        EventStream bobs = started(BOB, BOBS_SESSION);

        streams.dispatch(event(9, EventType.USER_LOGGED_OUT, List.of(BOB), BOBS_SESSION));
        streams.dispatch(event(11, EventType.USER_LOGGED_IN, List.of(BOB), BOBS_SESSION));
        assertThat(bobs.ending()).as("an old logout, and bob logging in again").isFalse();

        streams.dispatch(event(12, EventType.USER_LOGGED_IN, List.of(CAROL), BOBS_SESSION));
        assertThat(bobs.ending()).as("carol on bob's session").isTrue();
    }

    @Test
    void theSessionCheckEndsStreamsWhoseSessionNoLongerQualifies() {
        EventStream bobs = started(BOB, BOBS_SESSION);
        EventStream carols = started(CAROL, CAROLS_SESSION);
        given(sessions.holdOpenForStreams(anyMap())).willReturn(Set.of(BOBS_SESSION));

        streams.checkSessions();

        assertThat(bobs.ending()).isFalse();
        assertThat(carols.ending()).isTrue();
    }

    @Test
    void aStreamOpenedWhileTheSessionsAreCheckedIsLeftForTheNextCheck() {
        EventStream bobs = started(BOB, BOBS_SESSION);
        EventStream[] opened = new EventStream[1];
        given(sessions.holdOpenForStreams(anyMap())).willAnswer(call -> {
            // carol's stream registers while the query for bob's session runs
            opened[0] = started(CAROL, CAROLS_SESSION);
            return Set.of(BOBS_SESSION);
        });

        streams.checkSessions();

        assertThat(bobs.ending()).isFalse();
        assertThat(opened[0].ending())
                .as("a session the check did not ask about was not found dead")
                .isFalse();
    }

    @Test
    void aStreamStartsAfterTheNewestEventOrResumesWithTheUsersEventsSince() {
        EventStream fresh = streams.open(BOB, BOBS_SESSION);
        given(repository.lastId()).willReturn(10L);
        assertThat(streams.start(fresh, BOB, null)).isEqualTo(new EventStreams.Start(List.of(), false, 10));

        List<Event> since = List.of(event(12, EventType.FILE_SHARED, List.of(BOB), null));
        given(repository.forUserAfter(BOB, 10, 3)).willReturn(since);
        given(repository.bounds()).willReturn(Optional.of(new EventRepository.Bounds(5, 20)));
        given(repository.lastIssuedId()).willReturn(20L);
        EventStream resumed = streams.open(BOB, BOBS_SESSION);

        assertThat(streams.start(resumed, BOB, 10L)).isEqualTo(new EventStreams.Start(since, false, 12));
        assertThat(resumed.startedAfter()).isEqualTo(12);
    }

    @Test
    void aResumeThatCannotBeFilledAsksTheClientToResync() {
        given(repository.bounds()).willReturn(Optional.of(new EventRepository.Bounds(5, 20)));
        given(repository.lastIssuedId()).willReturn(20L);
        given(repository.forUserAfter(BOB, 2, 3)).willReturn(List.of());
        given(repository.forUserAfter(BOB, 99, 3)).willReturn(List.of());
        given(repository.forUserAfter(BOB, 6, 3))
                .willReturn(List.of(
                        event(7, EventType.FILE_SHARED, List.of(BOB), null),
                        event(8, EventType.FILE_SHARED, List.of(BOB), null),
                        event(9, EventType.FILE_SHARED, List.of(BOB), null)));
        EventStream stream = streams.open(BOB, BOBS_SESSION);

        assertThat(streams.start(stream, BOB, 2L)).as("purged").isEqualTo(new EventStreams.Start(List.of(), true, 20));
        assertThat(streams.start(stream, BOB, 99L))
                .as("never issued")
                .isEqualTo(new EventStreams.Start(List.of(), true, 20));
        assertThat(streams.start(stream, BOB, 6L))
                .as("more than the replay limit")
                .isEqualTo(new EventStreams.Start(List.of(), true, 20));
    }

    @Test
    void shutdownEndsEveryStreamAndRefusesNewOnesUntilStartedAgain() throws InterruptedException {
        streams.start();
        EventStream open = started(BOB, BOBS_SESSION);

        streams.stop();

        assertThat(open.next(Duration.ZERO)).isEqualTo(new EventStream.Ended(EventStream.End.SERVER_SHUTDOWN));
        assertThatThrownBy(() -> streams.open(CAROL, CAROLS_SESSION)).isInstanceOf(ServerShuttingDown.class);
        streams.start();
        assertThat(streams.open(CAROL, CAROLS_SESSION)).isNotNull();
    }

    @Test
    void closingAStreamForgetsItOnce() {
        EventStream stream = started(BOB, BOBS_SESSION);
        assertThat(streams.openStreams()).isEqualTo(1);

        streams.close(stream);
        streams.close(stream);

        assertThat(streams.openStreams()).isZero();
        assertThat(meters.get("filesys.events.streams.open").gauge().value()).isZero();
        streams.dispatch(event(11, EventType.FILE_SHARED, List.of(BOB), null));
        assertThat(stream.queued()).isZero();
    }

    private EventStream started(UUID user, UUID session) {
        EventStream stream = streams.open(user, session);
        stream.startAfter(10);
        return stream;
    }

    private static Event event(long id, EventType type, List<UUID> users, UUID sessionId) {
        return new Event(id, type, Instant.EPOCH, users, sessionId, "{}");
    }
}
