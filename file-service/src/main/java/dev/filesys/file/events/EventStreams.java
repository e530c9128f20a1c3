package dev.filesys.file.events;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.sessions.SessionService;
import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The open event streams of this instance, by user and by session: hands each received event to the streams of the
 * users it concerns (never waiting for one), ends the streams of sessions that end, and drops clients that fall
 * behind.
 *
 * <p>Every {@code sessionCheckInterval} one query checks the sessions of all open streams (still open, still logged in
 * as the stream's user) and marks them used; a stream whose session no longer qualifies ends. This also catches what
 * no event announces (a session that reached its absolute lifetime unnoticed). Streams hold no database connection in
 * between.
 *
 * <p>On shutdown it stops before the web server's graceful shutdown and ends every stream (with an {@code end} event),
 * so open streams do not hold the shutdown up.
 */
@Component
class EventStreams implements SmartLifecycle, SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

    private final SessionService sessions;
    private final EventRepository repository;
    private final FileServiceProperties.Events settings;
    private final int perSession;
    private final int perUser;
    private final Object registration = new Object();
    private final Map<UUID, Set<EventStream>> byUser = new ConcurrentHashMap<>();
    private final Map<UUID, Set<EventStream>> bySession = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Map<EventType, Counter> delivered;
    private final Counter dropped;
    private volatile boolean accepting = true;

    EventStreams(
            SessionService sessions,
            EventRepository repository,
            FileServiceProperties properties,
            MeterRegistry meters) {
        this.sessions = sessions;
        this.repository = repository;
        this.settings = properties.events();
        this.perSession = properties.limits().eventStreamsPerSession();
        this.perUser = properties.limits().eventStreamsPerUser();
        this.delivered = EventType.counters(
                "filesys.events.delivered",
                "Events written to users' event streams, by type",
                EventType::streamed,
                meters);
        this.dropped = Counter.builder("filesys.events.streams.dropped")
                .description("Event streams dropped because their client did not keep up")
                .register(meters);
        Gauge.builder("filesys.events.streams.open", open, AtomicInteger::get)
                .description("Event streams open on this instance")
                .register(meters);
    }

    /**
     * Registers a stream for the session's user; from now on it receives the events that concern them. The caller
     * must {@link #close} it.
     *
     * @throws ServerShuttingDown when the instance is shutting down
     * @throws ApiException {@code TOO_MANY_STREAMS} when the session or the user has as many streams open here as allowed
     */
    EventStream open(UUID userId, UUID sessionId) {
        if (!accepting) {
            throw new ServerShuttingDown();
        }
        EventStream stream = new EventStream(userId, sessionId, settings.streamBuffer());
        // counted and added as one step, so concurrent opens cannot pass the caps together
        synchronized (registration) {
            if (bySession.getOrDefault(sessionId, Set.of()).size() >= perSession) {
                throw tooMany("session", perSession);
            }
            if (byUser.getOrDefault(userId, Set.of()).size() >= perUser) {
                throw tooMany("user", perUser);
            }
            add(byUser, userId, stream);
            add(bySession, sessionId, stream);
        }
        open.incrementAndGet();
        return stream;
    }

    /** Unregisters a stream; it receives nothing more. */
    void close(EventStream stream) {
        boolean removed;
        synchronized (registration) {
            removed = remove(byUser, stream.userId(), stream);
            remove(bySession, stream.sessionId(), stream);
        }
        if (removed) {
            open.decrementAndGet();
        }
    }

    /**
     * Where a just-opened stream starts: after the newest event committed now, or, resuming after {@code
     * lastEventId}, with the events since then that concern the user.
     *
     * @param lastEventId the client's {@code Last-Event-ID}, or null
     */
    Start start(EventStream stream, UUID userId, @Nullable Long lastEventId) {
        Start start =
                lastEventId == null ? new Start(List.of(), false, repository.lastId()) : replay(userId, lastEventId);
        stream.startAfter(start.resumeId());
        return start;
    }

    /**
     * @param replayed events to write first, oldest first
     * @param missed whether events the client should have had are gone (purged, too many, or an id this database never
     *     issued): the client must re-read its state
     * @param resumeId the id the stream continues after; events up to it are not written again
     */
    record Start(List<Event> replayed, boolean missed, long resumeId) {}

    private Start replay(UUID userId, long lastEventId) {
        int limit = settings.replayLimit();
        List<Event> events = repository.forUserAfter(userId, lastEventId, limit + 1);
        Optional<EventRepository.Bounds> bounds = repository.bounds();
        long issued = repository.lastIssuedId();
        long newest = bounds.map(EventRepository.Bounds::high).orElse(0L);
        boolean unknownId = lastEventId > issued;
        // ids are consecutive but for rollbacks, so a gap below the oldest row is most likely purged events
        boolean purged = bounds.map(b -> lastEventId < b.low() - 1).orElse(lastEventId < issued);
        if (unknownId || purged || events.size() > limit) {
            return new Start(
                    List.of(),
                    true,
                    Math.max(newest, events.isEmpty() ? 0 : events.getLast().id()));
        }
        return new Start(
                events, false, events.isEmpty() ? lastEventId : events.getLast().id());
    }

    /** Hands a received event to the streams it concerns, and ends the streams of a session it ends. */
    void dispatch(Event event) {
        if (event.type().streamed()) {
            for (UUID user : event.userIds()) {
                for (EventStream stream : byUser.getOrDefault(user, Set.of())) {
                    if (!stream.offer(event)) {
                        stream.endNow(EventStream.End.TOO_SLOW);
                        dropped.increment();
                        log.info("dropped an event stream whose client fell {} events behind", settings.streamBuffer());
                    }
                }
            }
        }
        if (event.type().endsSessionStreams() && event.sessionId() != null) {
            for (EventStream stream : bySession.getOrDefault(event.sessionId(), Set.of())) {
                if (ends(event, stream)) {
                    stream.endAfterQueued(EventStream.End.SESSION_ENDED);
                }
            }
        }
    }

    /**
     * A closed session or a logout ends its streams; a login or a registration on the session ends them only when
     * the session is now someone else's. Events committed before the stream started (a login just before the stream
     * was opened) end nothing.
     */
    private static boolean ends(Event event, EventStream stream) {
        if (event.id() <= stream.startedAfter()) {
            return false;
        }
        return switch (event.type()) {
            case SESSION_CLOSED, USER_LOGGED_OUT -> true;
            default -> !event.concerns(stream.userId());
        };
    }

    /** Counts an event written to a client. */
    void delivered(Event event) {
        Optional.ofNullable(delivered.get(event.type())).ifPresent(Counter::increment);
    }

    /** How long a stream may stay silent before it gets a keep-alive. */
    Duration keepAlive() {
        return settings.keepAlive();
    }

    /** The reconnection delay suggested to clients. */
    Duration retry() {
        return settings.retry();
    }

    /** How many streams are open. */
    int openStreams() {
        return open.get();
    }

    void checkSessions() {
        Map<UUID, UUID> userBySession = new HashMap<>();
        bySession.forEach((session, streams) -> streams.forEach(stream -> userBySession.put(session, stream.userId())));
        if (userBySession.isEmpty()) {
            return;
        }
        Set<UUID> live = sessions.holdOpenForStreams(userBySession);
        bySession.forEach((session, streams) -> streams.forEach(stream -> {
            if (!userBySession.containsKey(session)) {
                // registered while the query ran: the check did not ask about it, the next one will
                return;
            }
            if (!live.contains(session) || !stream.userId().equals(userBySession.get(session))) {
                stream.endAfterQueued(EventStream.End.SESSION_ENDED);
            }
        }));
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(
                this::checkSessions, settings.sessionCheckInterval(), settings.sessionCheckInterval()));
    }

    @Override
    public void start() {
        accepting = true;
    }

    @Override
    public void stop() {
        accepting = false;
        byUser.values().forEach(streams -> streams.forEach(s -> s.endAfterQueued(EventStream.End.SERVER_SHUTDOWN)));
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }

    private static void add(Map<UUID, Set<EventStream>> index, UUID key, EventStream stream) {
        index.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(stream);
    }

    private static boolean remove(Map<UUID, Set<EventStream>> index, UUID key, EventStream stream) {
        boolean[] removed = {false};
        index.computeIfPresent(key, (k, streams) -> {
            removed[0] = streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
        return removed[0];
    }

    private static ApiException tooMany(String whose, int limit) {
        return ApiError.TOO_MANY_STREAMS
                .exception("This " + whose + " already has " + limit
                        + " event streams open here; close one before opening another.")
                .withHeader(HttpHeaders.RETRY_AFTER, "5");
    }
}
