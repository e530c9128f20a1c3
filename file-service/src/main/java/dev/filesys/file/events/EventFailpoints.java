package dev.filesys.file.events;

import dev.filesys.file.Failpoints;
import org.springframework.stereotype.Component;

/**
 * Places where a test can inject a failure: to show that a change rolled back after its event was written announces
 * nothing, and that events written while the listener is away are caught up. Unarmed (always, outside tests) they do
 * nothing.
 */
@Component
class EventFailpoints extends Failpoints<EventFailpoints.Point> {

    enum Point {
        /** The events are inserted and NOTIFY is queued; the transaction has not committed. */
        AFTER_NOTIFY,
        /** The listener is about to connect (or reconnect) to the database; a failure here is a failed attempt. */
        BEFORE_LISTEN
    }

    EventFailpoints() {
        super(Point.class);
    }
}
