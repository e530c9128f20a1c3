package dev.filesys.file.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The queue between the listener and a stream's writer: bounded, ordered, and ended in two ways. */
class EventStreamTest {

    private static final UUID BOB = UUID.randomUUID();

    private final EventStream stream = new EventStream(BOB, UUID.randomUUID(), 3);

    @Test
    void eventsComeOutInOrderAndAKeepAliveWhenNothingCame() throws InterruptedException {
        assertThat(stream.offer(event(1))).isTrue();
        assertThat(stream.offer(event(2))).isTrue();

        assertThat(stream.next(Duration.ofSeconds(5))).isEqualTo(new EventStream.Deliver(event(1)));
        assertThat(stream.next(Duration.ofSeconds(5))).isEqualTo(new EventStream.Deliver(event(2)));
        assertThat(stream.next(Duration.ofMillis(20))).isEqualTo(new EventStream.KeepAlive());
    }

    @Test
    void aFullQueueRefusesRatherThanGrows() {
        for (int i = 1; i <= 3; i++) {
            assertThat(stream.offer(event(i))).isTrue();
        }

        assertThat(stream.offer(event(4))).isFalse();
        assertThat(stream.queued()).isEqualTo(3);
    }

    @Test
    void anEndAfterQueuedLetsTheQueueDrainFirst() throws InterruptedException {
        stream.offer(event(1));
        stream.endAfterQueued(EventStream.End.SESSION_ENDED);

        assertThat(stream.offer(event(2))).as("ignored once ending").isTrue();
        assertThat(stream.next(Duration.ZERO)).isEqualTo(new EventStream.Deliver(event(1)));
        assertThat(stream.next(Duration.ZERO)).isEqualTo(new EventStream.Ended(EventStream.End.SESSION_ENDED));
        assertThat(stream.ending()).isTrue();
    }

    @Test
    void anEndNowDiscardsWhatIsQueued() throws InterruptedException {
        stream.offer(event(1));
        stream.offer(event(2));

        stream.endNow(EventStream.End.TOO_SLOW);

        assertThat(stream.queued()).isZero();
        assertThat(stream.next(Duration.ofSeconds(5))).isEqualTo(new EventStream.Ended(EventStream.End.TOO_SLOW));
    }

    @Test
    void aWaitingWriterWakesForAnEventOrAnEnd() throws InterruptedException {
        Thread.ofVirtual().start(() -> stream.offer(event(7)));
        assertThat(stream.next(Duration.ofSeconds(10))).isEqualTo(new EventStream.Deliver(event(7)));

        Thread.ofVirtual().start(() -> stream.endAfterQueued(EventStream.End.SERVER_SHUTDOWN));
        assertThat(stream.next(Duration.ofSeconds(10)))
                .isEqualTo(new EventStream.Ended(EventStream.End.SERVER_SHUTDOWN));
    }

    private static Event event(long id) {
        return new Event(id, EventType.FILE_SHARED, Instant.EPOCH, List.of(BOB), null, "{\"id\":" + id + "}");
    }
}
