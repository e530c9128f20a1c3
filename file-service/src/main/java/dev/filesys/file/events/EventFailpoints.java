package dev.filesys.file.events;

import dev.filesys.file.Failpoints;
import org.springframework.stereotype.Component;

/**
 * Places where a test can inject a failure: to show that a change rolled back after its event was queued announces
 * nothing, that a relay's batch rolled back is relayed again, that relays take turns, and that events written while the listener is away are caught up. Unarmed (always, outside tests) they do
 * nothing.
 */
@Component
class EventFailpoints extends Failpoints<EventFailpoints.Point> {

    enum Point {
        /** A change's broadcasts are in the outbox; the change's transaction has not committed. */
        AFTER_QUEUE,
        /** A relay has moved a batch into {@code events} and queued its NOTIFYs; its transaction has not committed. */
        AFTER_NOTIFY,
        /** The listener is about to connect (or reconnect) to the database; a failure here is a failed attempt. */
        BEFORE_LISTEN
    }

    EventFailpoints() {
        super(Point.class);
    }
}
