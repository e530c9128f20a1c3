package dev.filesys.file.events;

import dev.filesys.file.files.FileReadCache;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes broadcasts in the transaction of the change they announce, as rows of the outbox ({@code event_outbox}),
 * which exist only if that transaction commits; after the commit this instance's {@link EventRelay} is woken and moves
 * them into {@code events} and sends their {@code NOTIFY}.
 *
 * <p>Nothing here takes a lock or notifies: transactions that publish commit side by side, each with its own WAL flush
 * shared by PostgreSQL's group commit. Only the relays' batches take turns (the publishing lock, and PostgreSQL's own
 * serialization of notifying commits), and one batch carries the events of many changes. The price is latency: an
 * event reaches {@code events} and the listeners a few milliseconds after its change committed rather than with it
 * (see {@link EventRelay} for the bound).
 *
 * <p>The rows are written at the end of the transaction ({@code beforeCommit}), all in one statement, through the
 * transaction's own connection ({@link EventRepository}, plain SQL); the transaction manager sends the ORM's pending
 * changes before any before-commit callback runs ({@code TransactionConfiguration}). This class knows nothing of how a
 * feature stores its data.
 */
@Component
class EventPublisher {

    private final EventRepository repository;
    private final EventCodec codec;
    private final EventFailpoints failpoints;
    private final EventRelay relay;
    private final FileReadCache fileReadCache;

    EventPublisher(
            EventRepository repository,
            EventCodec codec,
            EventFailpoints failpoints,
            EventRelay relay,
            FileReadCache fileReadCache) {
        this.repository = repository;
        this.codec = codec;
        this.failpoints = failpoints;
        this.relay = relay;
        this.fileReadCache = fileReadCache;
    }

    /**
     * Adds the broadcast to the current transaction; it is queued when the transaction commits, and never if it rolls
     * back.
     *
     * @throws IllegalStateException when no transaction is active: an event must never be sent for a change that
     *     might not commit, nor go missing for one that did
     */
    void publish(Broadcast broadcast) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("events are published inside the transaction of the change they announce");
        }
        pending().broadcasts.add(broadcast);
    }

    /** This transaction's pending broadcasts (a transaction suspended meanwhile keeps its own). */
    private Pending pending() {
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof Pending pending && pending.publisher() == this) {
                return pending;
            }
        }
        Pending pending = new Pending();
        TransactionSynchronizationManager.registerSynchronization(pending);
        return pending;
    }

    /** The broadcasts of one transaction, queued before it commits and relayed after it did. */
    private final class Pending implements TransactionSynchronization {

        private final List<Broadcast> broadcasts = new ArrayList<>();

        EventPublisher publisher() {
            return EventPublisher.this;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            if (!broadcasts.isEmpty()) {
                repository.queue(broadcasts.stream()
                        .map(broadcast -> new EventRepository.Queued(
                                broadcast.type(), broadcast.audience(), codec.data(broadcast)))
                        .toList());
                failpoints.reached(EventFailpoints.Point.AFTER_QUEUE);
            }
        }

        @Override
        public void afterCommit() {
            relay.wake();
            // this instance reads what changed at once; the others when the notification arrives
            if (broadcasts.stream().anyMatch(broadcast -> broadcast.type().changesFileAccess())) {
                fileReadCache.forgetAll();
            }
        }
    }
}
