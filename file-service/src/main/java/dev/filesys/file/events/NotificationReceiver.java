package dev.filesys.file.events;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.files.FileReadCache;
import dev.filesys.file.sessions.SessionCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.PGProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's one {@code LISTEN filesys_events} connection: its own connection (not one of the pool's, which
 * would be lost to requests for good) on its own thread, handing each committed event, in commit order, to the
 * {@link EventStreams}.
 *
 * <p>When the connection fails (a database restart, a network cut, found by an error or by a liveness check after a
 * quiet {@code listenerPing}), it reconnects with a doubling backoff and, once {@code LISTEN} is in place again, reads
 * from the table every event after the last one it saw, so what was committed meanwhile is delivered too. Reading
 * after {@code LISTEN} closes the race: an event committed in between is both read and notified, and the second copy
 * is skipped by id.
 *
 * <p>It also keeps the {@link SessionCache} honest: sessions are served from memory only while this connection is up
 * and caught up, and each event that ends or changes a user's session drops that user's cached sessions. The same goes for the
 * {@link FileReadCache}, which every change of files, folders or shares empties.
 */
@Component
class NotificationReceiver implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationReceiver.class);
    private static final int CATCH_UP_BATCH = 500;
    /** How long one wait for notifications lasts: the longest a stop waits for the thread to notice. */
    private static final int WAIT_SLICE_MILLIS = 250;

    private static final int VALIDATION_TIMEOUT_SECONDS = 5;

    private final DataSourceProperties dataSource;
    private final EventRepository repository;
    private final EventCodec codec;
    private final EventStreams streams;
    private final SessionCache sessionCache;
    private final FileReadCache fileReadCache;
    private final EventFailpoints failpoints;
    private final FileServiceProperties.Events settings;
    private final String serverId;
    private final Counter reconnects;
    private final Map<EventType, Counter> received;

    private volatile boolean running;
    private volatile boolean connected;
    private volatile Thread thread;
    private volatile CountDownLatch stopped = new CountDownLatch(0);
    /** Only the listener thread changes it once started. */
    private volatile long lastSeenId;

    NotificationReceiver(
            DataSourceProperties dataSource,
            EventRepository repository,
            EventCodec codec,
            EventStreams streams,
            SessionCache sessionCache,
            FileReadCache fileReadCache,
            EventFailpoints failpoints,
            FileServiceProperties properties,
            MeterRegistry meters) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.codec = codec;
        this.streams = streams;
        this.sessionCache = sessionCache;
        this.fileReadCache = fileReadCache;
        this.failpoints = failpoints;
        this.settings = properties.events();
        this.serverId = properties.server().id();
        this.reconnects = Counter.builder("filesys.events.listener.reconnects")
                .description("Times the events listener re-established its database connection after losing it")
                .register(meters);
        this.received = EventType.counters(
                "filesys.events.received", "Events this instance's listener received, by type", type -> true, meters);
        Gauge.builder("filesys.events.listener.connected", this, receiver -> receiver.connected ? 1 : 0)
                .description("1 while the events listener holds its LISTEN connection")
                .register(meters);
    }

    /**
     * Starts listening from the newest event committed now (read synchronously, so nothing committed after the start
     * is missed even before the first connection is up).
     */
    @Override
    public void start() {
        lastSeenId = repository.lastId();
        stopped = new CountDownLatch(1);
        running = true;
        thread = Thread.ofPlatform().daemon().name("events-listener").start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        stopped.countDown();
        EventRelay.awaitEnd(thread);
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server starts (it starts in a later phase), after it has stopped. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE / 2;
    }

    /** Whether the LISTEN connection is up. */
    boolean connected() {
        return connected;
    }

    /** The id of the newest event handed on. */
    long lastSeenId() {
        return lastSeenId;
    }

    private void run() {
        Duration backoff = settings.reconnectMinBackoff();
        boolean everConnected = false;
        boolean lost = false;
        int failedAttempts = 0;
        while (running) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + EventRepository.CHANNEL);
                }
                connected = true;
                int caughtUp = catchUp(connection);
                // from here on every change to a session reaches this instance: it may answer sessions from memory
                sessionCache.listening(true);
                fileReadCache.listening(true);
                if (lost) {
                    log.info(
                            "events listener reconnected after {} failed attempts; caught up {} events",
                            failedAttempts,
                            caughtUp);
                }
                if (everConnected) {
                    reconnects.increment();
                }
                everConnected = true;
                lost = false;
                failedAttempts = 0;
                backoff = settings.reconnectMinBackoff();
                receive(connection);
            } catch (SQLException | RuntimeException e) {
                connected = false;
                if (!running) {
                    break;
                }
                if (!lost) {
                    log.warn("events listener lost its database connection ({}); reconnecting", e.toString());
                    lost = true;
                }
                failedAttempts++;
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(settings.reconnectMaxBackoff()) > 0
                        ? settings.reconnectMaxBackoff()
                        : backoff.multipliedBy(2);
            } finally {
                connected = false;
                sessionCache.listening(false);
                fileReadCache.listening(false);
            }
        }
    }

    private Connection connect() throws SQLException {
        failpoints.reached(EventFailpoints.Point.BEFORE_LISTEN);
        Properties properties = new Properties();
        // a null user or password is left out
        PGProperty.USER.set(properties, dataSource.determineUsername());
        PGProperty.PASSWORD.set(properties, dataSource.determinePassword());
        PGProperty.APPLICATION_NAME.set(properties, "filesys-events " + serverId);
        PGProperty.CONNECT_TIMEOUT.set(properties, 5);
        // the catch-up query must not hang forever on a dead network; waits for notifications set their own timeout
        PGProperty.SOCKET_TIMEOUT.set(properties, 30);
        PGProperty.TCP_KEEP_ALIVE.set(properties, true);
        Connection connection = DriverManager.getConnection(dataSource.determineUrl(), properties);
        connection.setAutoCommit(true);
        return connection;
    }

    /** Waits for notifications until stopped; throws when the connection fails. */
    private void receive(Connection connection) throws SQLException {
        PGConnection listening = connection.unwrap(PGConnection.class);
        long pingNanos = settings.listenerPing().toNanos();
        long quietSince = System.nanoTime();
        while (running) {
            PGNotification[] notifications = listening.getNotifications(WAIT_SLICE_MILLIS);
            if (notifications != null && notifications.length > 0) {
                handle(notifications, connection);
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= pingNanos) {
                if (!connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                    throw new SQLException("the LISTEN connection is no longer valid");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    /**
     * Delivers the events the notifications carry, in order. A notification that only names its event (too large),
     * or cannot be read, makes the rest of the batch come from the table instead, in order.
     */
    private void handle(PGNotification[] notifications, Connection connection) throws SQLException {
        for (PGNotification notification : notifications) {
            if (!EventRepository.CHANNEL.equals(notification.getName())) {
                continue;
            }
            EventCodec.Decoded decoded;
            try {
                decoded = codec.fromNotification(notification.getParameter());
            } catch (RuntimeException e) {
                log.warn("unreadable notification on {}: {}", EventRepository.CHANNEL, e.toString());
                catchUp(connection);
                return;
            }
            if (decoded.id() <= lastSeenId) {
                continue;
            }
            if (decoded.event() == null) {
                catchUp(connection);
                return;
            }
            deliver(decoded.event());
            lastSeenId = decoded.id();
        }
    }

    /** Delivers every stored event after the last one seen; returns how many. */
    private int catchUp(Connection connection) throws SQLException {
        int delivered = 0;
        while (true) {
            EventRepository.Batch batch = repository.readAfter(connection, lastSeenId, CATCH_UP_BATCH);
            batch.events().forEach(this::deliver);
            delivered += batch.events().size();
            lastSeenId = batch.lastId();
            if (batch.rows() < CATCH_UP_BATCH) {
                return delivered;
            }
        }
    }

    private void deliver(Event event) {
        received.get(event.type()).increment();
        if (event.type().endsSessionStreams()) {
            event.userIds().forEach(sessionCache::forgetUser);
        }
        if (event.type().changesFileAccess()) {
            fileReadCache.forgetAll();
        }
        try {
            streams.dispatch(event);
        } catch (RuntimeException e) {
            log.error("could not dispatch event {}", event.id(), e);
        }
    }

    private void pause(Duration backoff) {
        try {
            stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
