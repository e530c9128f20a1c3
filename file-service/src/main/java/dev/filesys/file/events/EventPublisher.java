package dev.filesys.file.events;

import dev.filesys.file.files.FileReadCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes broadcasts in the transaction of the change they announce: each becomes a row of {@code events} and a
 * {@code NOTIFY filesys_events}, both of which exist only if that transaction commits.
 *
 * <p>The writing happens at the end of the transaction ({@code beforeCommit}): the publishing lock is taken, the rows
 * are inserted and the notifications queued, then the transaction commits and releases the lock. So ids follow commit
 * order (what "id &gt; last seen" relies on), and the lock is held only for the commit itself. PostgreSQL serializes
 * the commits of notifying transactions anyway, so the lock costs little more.
 *
 * <p>No transaction may wait for a row lock while holding the publishing lock, so every other change of the
 * transaction must be in the database before the lock is taken. The rows here go through the transaction's own
 * connection ({@link EventRepository}, plain SQL), and the transaction manager sends the ORM's pending changes before
 * any before-commit callback runs ({@code TransactionConfiguration}); this class needs no flush and knows nothing of
 * how a feature stores its data.
 */
@Component
class EventPublisher {

    private final EventRepository repository;
    private final EventCodec codec;
    private final EventFailpoints failpoints;
    private final FileReadCache fileReadCache;
    private final Map<EventType, Counter> published = new EnumMap<>(EventType.class);

    EventPublisher(
            EventRepository repository,
            EventCodec codec,
            EventFailpoints failpoints,
            FileReadCache fileReadCache,
            MeterRegistry meters) {
        this.repository = repository;
        this.codec = codec;
        this.failpoints = failpoints;
        this.fileReadCache = fileReadCache;
        for (EventType type : EventType.values()) {
            published.put(
                    type,
                    Counter.builder("filesys.events.published")
                            .description("Events committed (stored and notified), by type")
                            .tag("type", type.wireName())
                            .register(meters));
        }
    }

    /**
     * Adds the broadcast to the current transaction; it is written when the transaction commits, and never if it
     * rolls back.
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

    private void write(List<Broadcast> broadcasts) {
        // the commits of notifying transactions take turns (PostgreSQL's own lock, and this one): the fewer round trips
        // between taking the lock and committing, the more of them a second
        List<String> payloads = broadcasts.stream().map(codec::data).toList();
        List<EventRepository.Stored> ids = repository.lockAndDrawIds(broadcasts.size());
        for (int i = 0; i < broadcasts.size(); i++) {
            Broadcast broadcast = broadcasts.get(i);
            EventRepository.Stored stored = ids.get(i);
            String data = payloads.get(i);
            repository.insertAndNotify(
                    stored,
                    broadcast.type(),
                    broadcast.audience(),
                    data,
                    codec.notification(stored.id(), broadcast.type(), stored.createdAt(), broadcast.audience(), data));
        }
        failpoints.reached(EventFailpoints.Point.AFTER_NOTIFY);
    }

    /** The broadcasts of one transaction, written before it commits and counted after it did. */
    private final class Pending implements TransactionSynchronization {

        private final List<Broadcast> broadcasts = new ArrayList<>();

        EventPublisher publisher() {
            return EventPublisher.this;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            if (!broadcasts.isEmpty()) {
                write(broadcasts);
            }
        }

        @Override
        public void afterCommit() {
            broadcasts.forEach(broadcast -> published.get(broadcast.type()).increment());
            // this instance reads what changed at once; the others when the notification arrives
            if (broadcasts.stream().anyMatch(broadcast -> broadcast.type().changesFileAccess())) {
                fileReadCache.forgetAll();
            }
        }
    }
}
