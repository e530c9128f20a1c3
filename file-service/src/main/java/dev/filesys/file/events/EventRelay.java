package dev.filesys.file.events;

import dev.filesys.file.FileServiceProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This instance's relay: moves committed broadcasts from the outbox into {@code events}, in batches, each batch in one
 * transaction that takes the publishing lock, draws the ids, inserts the events, queues their {@code NOTIFY}s, deletes
 * the outbox rows and commits. Runs on its own {@code events-relay} thread, so no request waits for it.
 *
 * <p><b>Order.</b> A relay takes the lock before it reads the outbox, so relays (of all instances) take turns and ids
 * follow the commit order of their batches: "id &gt; last seen" never skips an event that commits later. And a change
 * committed before another began is relayed first or in the same batch (ordered as queued), so its id is smaller.
 * Outbox rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so a relay never waits for a row another holds.
 *
 * <p><b>Latency.</b> Every commit that queued broadcasts wakes the relay of its instance ({@link #wake}), which moves
 * every pending row, its own and other instances' alike: an event is in {@code events} and notified within the time
 * of one batch after its change committed (a few milliseconds; under load, while a batch is under way, the next one
 * carries everything committed meanwhile). Rows an instance queued and could not relay (it died between its commit
 * and the relay, or the database failed the batch) are moved by the sweep of any instance ({@code
 * filesys.events.relay-sweep}, 1 s): the sweep moves rows queued at least one sweep period ago, so such an event is
 * visible within two sweep periods of its commit. The relay also sweeps once when the instance starts, and relays what
 * is left when it stops. Nothing is lost: a row leaves the outbox only in the transaction that writes its event.
 */
@Component
class EventRelay implements SmartLifecycle, SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(EventRelay.class);

    /** The most events one batch moves; more wait for the next batch, started at once. */
    static final int BATCH = 500;

    /** How long one wait for a wake-up lasts: the longest a stop waits for the thread to notice. */
    private static final int WAIT_SLICE_MILLIS = 250;

    private final EventRepository repository;
    private final EventCodec codec;
    private final EventFailpoints failpoints;
    private final TransactionTemplate tx;
    private final Duration sweepPeriod;
    private final Map<EventType, Counter> published;

    private final Semaphore signal = new Semaphore(0);
    private final AtomicBoolean woken = new AtomicBoolean();
    private final AtomicBoolean sweepDue = new AtomicBoolean();
    private volatile boolean running;
    private volatile Thread thread;
    /** Only the relay thread changes it: whether the last batch failed (its failure is logged once). */
    private boolean failing;

    EventRelay(
            EventRepository repository,
            EventCodec codec,
            EventFailpoints failpoints,
            PlatformTransactionManager transactions,
            FileServiceProperties properties,
            MeterRegistry meters) {
        this.repository = repository;
        this.codec = codec;
        this.failpoints = failpoints;
        this.tx = new TransactionTemplate(transactions);
        this.sweepPeriod = properties.events().relaySweep();
        this.published = EventType.counters(
                "filesys.events.published",
                "Events committed (stored and notified) by this instance's relay, by type",
                type -> true,
                meters);
    }

    /** Asks the relay to move every pending row now; returns at once. Called after each commit that queued any. */
    void wake() {
        if (woken.compareAndSet(false, true)) {
            signal.release();
        }
    }

    /** Asks the relay to move the rows queued at least one sweep period ago; returns at once. */
    void sweepSoon() {
        if (sweepDue.compareAndSet(false, true)) {
            signal.release();
        }
    }

    /**
     * Moves, in batches, every outbox row queued at least {@code minAge} ago, and any queued meanwhile, until the
     * outbox holds none; on the caller's thread.
     *
     * @return how many events were moved
     */
    int relay(Duration minAge) {
        int moved = 0;
        while (true) {
            List<EventRepository.Moved> batch = tx.execute(status -> {
                repository.lockForPublishing();
                List<EventRepository.Moved> events = repository.moveFromOutbox(BATCH, minAge);
                if (!events.isEmpty()) {
                    repository.notifyEach(events.stream()
                            .map(event -> codec.notification(
                                    event.id(),
                                    EventType.fromWireName(event.type()).orElseThrow(),
                                    event.createdAt(),
                                    event.audience(),
                                    event.data()))
                            .toList());
                    failpoints.reached(EventFailpoints.Point.AFTER_NOTIFY);
                }
                return events;
            });
            batch.forEach(event ->
                    EventType.fromWireName(event.type()).map(published::get).ifPresent(Counter::increment));
            moved += batch.size();
            if (batch.size() < BATCH) {
                return moved;
            }
        }
    }

    /** The sweep: relays rows queued at least one sweep period ago, when there are any. */
    int sweep() {
        return repository.outboxHolds(sweepPeriod) ? relay(sweepPeriod) : 0;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::sweepSoon, sweepPeriod, sweepPeriod));
    }

    /** Starts the relay thread, which sweeps first: rows left by an instance that stopped without relaying them. */
    @Override
    public void start() {
        running = true;
        sweepDue.set(true);
        signal.release();
        thread = Thread.ofPlatform().daemon().name("events-relay").start(this::run);
    }

    /** Stops the thread, then relays what this instance committed up to now (on the caller's thread). */
    @Override
    public void stop() {
        running = false;
        signal.release();
        awaitEnd(thread);
        thread = null;
        if (woken.getAndSet(false)) {
            try {
                relay(Duration.ZERO);
            } catch (RuntimeException e) {
                log.warn(
                        "events relay could not relay before stopping ({}); another instance's sweep will",
                        e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Started before the web server (it starts in a later phase) and stopped after it, so the changes of the last
     * requests are relayed; before the listener is stopped, so this instance still hears them.
     */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE / 2 + 1;
    }

    /** Waits up to 5 seconds for a stopped thread (this relay's or the listener's), if there is one, to end. */
    static void awaitEnd(@Nullable Thread thread) {
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try {
                signal.tryAcquire(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            boolean all = woken.getAndSet(false);
            boolean sweep = sweepDue.getAndSet(false);
            if (!running || (!all && !sweep)) {
                continue;
            }
            try {
                if (all) {
                    relay(Duration.ZERO);
                } else {
                    sweep();
                }
                if (failing) {
                    log.info("events relay works again");
                    failing = false;
                }
            } catch (RuntimeException e) {
                // the rows stay in the outbox: the next wake-up or sweep retries them
                if (!failing) {
                    log.warn("events relay failed ({}); the sweep retries", e.toString());
                    failing = true;
                }
            }
        }
    }
}
