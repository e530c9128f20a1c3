package dev.filesys.file.events;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open event stream: a bounded queue between the listener (which offers events and never waits) and the request
 * thread writing to the client (which waits for them). A client that falls {@code capacity} events behind is dropped
 * rather than allowed to grow memory.
 */
final class EventStream {

    /** Why a stream ended. */
    enum End {
        /** Its session closed, expired, logged out or logged in again. */
        SESSION_ENDED("session_ended"),
        /** The instance is shutting down; the client should reconnect (through the balancer). */
        SERVER_SHUTDOWN("server_shutdown"),
        /** The client did not keep up. */
        TOO_SLOW("too_slow");

        private final String wireName;

        End(String wireName) {
            this.wireName = wireName;
        }

        String wireName() {
            return wireName;
        }
    }

    /** What the writer does next. */
    sealed interface Next {}

    /** Write this event. */
    record Deliver(Event event) implements Next {}

    /** Nothing arrived in time: write a keep-alive. */
    record KeepAlive() implements Next {}

    /** Stop: everything queued before the end was handed out. */
    record Ended(End reason) implements Next {}

    private final UUID userId;
    private final UUID sessionId;
    private final int capacity;
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private End end;
    private volatile long startedAfter = Long.MAX_VALUE;

    EventStream(UUID userId, UUID sessionId, int capacity) {
        this.userId = userId;
        this.sessionId = sessionId;
        this.capacity = capacity;
    }

    UUID userId() {
        return userId;
    }

    UUID sessionId() {
        return sessionId;
    }

    /**
     * The newest event id committed when the stream started (or that it resumed after); until it is known, {@link
     * Long#MAX_VALUE}.
     */
    long startedAfter() {
        return startedAfter;
    }

    void startAfter(long id) {
        startedAfter = id;
    }

    /**
     * Queues an event without waiting.
     *
     * @return false when the queue is full (the caller drops the stream); true otherwise, also when the stream has
     *     ended (the event is then ignored)
     */
    boolean offer(Event event) {
        lock.lock();
        try {
            if (end != null) {
                return true;
            }
            if (queue.size() >= capacity) {
                return false;
            }
            queue.add(event);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream once what is queued has been written. The first end wins. */
    void endAfterQueued(End reason) {
        lock.lock();
        try {
            if (end == null) {
                end = reason;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream now, discarding what is queued. */
    void endNow(End reason) {
        lock.lock();
        try {
            if (end == null || !queue.isEmpty()) {
                end = reason;
                queue.clear();
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the stream has been told to end (it may still be writing what was queued before). */
    boolean ending() {
        lock.lock();
        try {
            return end != null;
        } finally {
            lock.unlock();
        }
    }

    /** How many events wait to be written. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** The next thing to write: a queued event first, then the end, else a keep-alive after {@code wait}. */
    Next next(Duration wait) throws InterruptedException {
        long nanos = wait.toNanos();
        lock.lock();
        try {
            while (true) {
                Event event = queue.poll();
                if (event != null) {
                    return new Deliver(event);
                }
                if (end != null) {
                    return new Ended(end);
                }
                if (nanos <= 0) {
                    return new KeepAlive();
                }
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }
}
