package dev.filesys.file.sessions;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.availability.ActiveSessions;
import dev.filesys.file.availability.InstanceAvailability;
import dev.filesys.protocol.authcode.AuthCode;
import dev.filesys.protocol.authcode.AuthCodeVerifier;
import dev.filesys.protocol.authcode.InvalidAuthCode;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The handshake and the life of a session: an auth code opens a half-open session, the ack with the server nonce opens
 * it and issues the token, every request checks the token against the idle timeout and the absolute lifetime. Accounts
 * use {@link #logIn}, {@link #logInWithNewToken} and {@link #logOut} to bind a user to the current session.
 */
@Service
public class SessionService {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    /**
     * How often the uses of sessions seen here are written to {@code last_used_at}, all in one statement: a session
     * used many times in between is written once, with its latest use.
     */
    static final Duration TOUCH_INTERVAL = Duration.ofSeconds(1);
    /** The most sessions one query of {@link #holdOpenForStreams} names. */
    private static final int STREAM_CHECK_BATCH = 500;

    private final SessionRepository sessions;
    private final SessionCache cache;
    /** Uses not yet written: session id → its latest use here. */
    private final ConcurrentHashMap<UUID, Instant> unwrittenUses = new ConcurrentHashMap<>();

    private final AuthCodeVerifier verifier;
    private final InstanceAvailability availability;
    private final ActiveSessions activeSessions;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;
    private final String serverId;
    private final FileServiceProperties.Sessions settings;
    private final Clock clock;

    SessionService(
            SessionRepository sessions,
            SessionCache cache,
            AuthCodeVerifier verifier,
            InstanceAvailability availability,
            ActiveSessions activeSessions,
            PlatformTransactionManager transactionManager,
            MeterRegistry meters,
            ApplicationEventPublisher events,
            FileServiceProperties properties,
            Clock clock) {
        this.sessions = sessions;
        this.cache = cache;
        this.verifier = verifier;
        this.availability = availability;
        this.activeSessions = activeSessions;
        this.transactions = new TransactionTemplate(transactionManager);
        this.meters = meters;
        this.events = events;
        this.serverId = properties.server().id();
        this.settings = properties.sessions();
        this.clock = clock;
    }

    /**
     * Step 1 of the handshake. The code is verified first (signature, audience, time), then consumed in the same
     * transaction that creates the half-open session, so a refused or failed handshake leaves neither behind.
     *
     * @param resumeToken the token of the client's previous session, possibly on another server; when it names a live
     *     open session, the ack adopts that session (its user and lifetime). Anything else is ignored: the client gets
     *     a fresh session and learns at the ack that nothing was resumed.
     */
    HandshakeStarted begin(String authCode, String resumeToken) {
        InstanceAvailability.Reason no = availability.reason();
        if (no != null) {
            count("refused");
            throw new ServerNotAccepting(no);
        }
        AuthCode code;
        try {
            code = verifier.verify(authCode);
        } catch (InvalidAuthCode e) {
            count("invalid_code");
            log.info("auth code refused: {} ({})", e.reason(), e.getMessage());
            throw new AuthCodeRejected();
        }
        String nonce = SessionTokens.newSecret();
        Session session = transactions.execute(status -> {
            Instant now = clock.instant();
            Instant keepUntil = code.expiresAt().plus(settings.authCodeClockSkew());
            if (sessions.consumeAuthCode(code.id(), now, keepUntil) == 0) {
                count("replayed");
                throw new AuthCodeReplayed();
            }
            Session created = Session.halfOpen(serverId, SessionTokens.sha256(nonce), now);
            named(resumeToken).ifPresent(created::resume);
            sessions.insert(created);
            return created;
        });
        count("started");
        return new HandshakeStarted(session.id(), nonce, settings.halfOpenTimeout());
    }

    /**
     * Step 2 of the handshake. A wrong nonce or a late ack discards the half-open session (the discard commits, the
     * refusal is thrown after); there is no second try.
     */
    @Transactional(noRollbackFor = {NonceMismatch.class, HandshakeExpired.class})
    HandshakeCompleted acknowledge(UUID sessionId, String serverNonce) {
        Instant now = clock.instant();
        Session session = sessions.findByIdForUpdate(sessionId)
                .filter(s -> s.state() == SessionState.HALF_OPEN)
                .orElseThrow(() -> {
                    count("expired");
                    return new HandshakeExpired(settings.halfOpenTimeout());
                });
        if (session.isHalfOpenPast(settings.halfOpenTimeout(), now)) {
            sessions.delete(session);
            count("expired");
            throw new HandshakeExpired(settings.halfOpenTimeout());
        }
        if (!SessionTokens.matches(serverNonce, session.nonceHash())) {
            sessions.delete(session);
            count("invalid_nonce");
            throw new NonceMismatch();
        }
        String token = SessionTokens.newSecret();
        session.open(SessionTokens.sha256(token), now);
        boolean resumed = adopt(session, now);
        session.requireLoginBy(now.plus(settings.anonymousTimeout()));
        if (session.userId() != null) {
            // only logged-in sessions count toward capacity: a stranger's handshakes cannot fill it
            afterCommit(activeSessions::opened);
        }
        count(resumed ? "resumed" : "opened");
        return new HandshakeCompleted(token, settings.idleTimeout(), resumed);
    }

    /** Takes over the session a resuming handshake named, if it is still open: its user, its lifetime, and its end. */
    private boolean adopt(Session session, Instant now) {
        if (session.resumesId() == null) {
            return false;
        }
        Optional<Session> old = sessions.findByIdForUpdate(session.resumesId())
                .filter(s -> s.state() == SessionState.OPEN)
                .filter(s -> !expired(s, now));
        old.ifPresent(adopted -> {
            session.inherit(adopted);
            closeRow(adopted, now, SessionClosed.Reason.RESUMED);
        });
        return old.isPresent();
    }

    /**
     * The open session a token names, marked as used. In steady state this is answered from memory ({@link SessionCache}:
     * read again after {@code filesys.sessions.max-staleness} at the latest, dropped at once by a change announced on
     * any instance); otherwise one query finds the session and its user. Idle timeout and lifetime are checked on
     * every request against the latest use known here, and a session found expired in memory is read again before it
     * is refused. A use at least {@link #TOUCH_INTERVAL} after the last one known is written: at once when the session was
     * read from the database anyway, else later together with others ({@link #writeUses}). No transaction is taken
     * unless the session must be closed.
     *
     * @throws SessionRequired when the token is missing or names no session
     * @throws SessionExpired when its session is closed or has outlived its idle timeout or lifetime (it is closed
     *     then)
     */
    public CurrentSession authenticate(String token) {
        if (token == null) {
            throw new SessionRequired();
        }
        byte[] tokenHash = SessionTokens.sha256(token);
        Instant now = clock.instant();
        Optional<CurrentSession> remembered = fromMemory(tokenHash, now);
        if (remembered.isPresent()) {
            return remembered.get();
        }
        long generation = cache.generation();
        long readAt = System.nanoTime();
        SessionStatements.Found session = sessions.byTokenHash(tokenHash).orElseThrow(SessionRequired::new);
        if (session.state() != SessionState.OPEN) {
            throw new SessionExpired();
        }
        Instant unwritten = unwrittenUses.get(session.id());
        if (unwritten != null && unwritten.isAfter(session.lastUsedAt())) {
            session = session.usedAt(unwritten);
        }
        if (session.isExpired(settings.idleTimeout(), settings.maxLifetime(), now)) {
            closeExpired(session.id(), now);
            throw new SessionExpired();
        }
        if (session.disabled()) {
            // a login that raced the disable: its session is closed like the others were
            UUID id = session.id();
            transactions.executeWithoutResult(status -> sessions.findByIdForUpdate(id)
                    .filter(s -> s.state() == SessionState.OPEN)
                    .ifPresent(s -> closeRow(s, now, SessionClosed.Reason.REVOKED)));
            throw new SessionExpired();
        }
        if (!now.isBefore(session.lastUsedAt().plus(TOUCH_INTERVAL))) {
            // read from the database anyway: the use is written at once, as when nothing is served from memory
            sessions.touchEach(Map.of(session.id(), now));
            session = session.usedAt(now);
        }
        cache.remember(tokenHash, session, generation, readAt);
        return current(session);
    }

    /**
     * The open session a token names when memory answers for it, marked as used exactly as {@link #authenticate} marks
     * it; empty when {@link #authenticate} would have to ask the database or refuse (no token, not cached, expired in
     * memory). For a fast path that falls back to {@link #authenticate} whenever this is empty, so every refusal stays
     * the one {@link #authenticate} gives.
     */
    public Optional<CurrentSession> authenticateFromMemory(String token) {
        if (token == null) {
            return Optional.empty();
        }
        return fromMemory(SessionTokens.sha256(token), clock.instant());
    }

    /** The cached session of a token hash, marked as used, unless memory holds none or it is expired by now. */
    private Optional<CurrentSession> fromMemory(byte[] tokenHash, Instant now) {
        Optional<SessionCache.Entry> cached = cache.find(tokenHash)
                .filter(entry -> !entry.isExpired(settings.idleTimeout(), settings.maxLifetime(), now));
        cached.filter(entry -> entry.usedAt(now, TOUCH_INTERVAL))
                .ifPresent(entry -> used(entry.session().id(), now));
        return cached.map(entry -> current(entry.session()));
    }

    private static CurrentSession current(SessionStatements.Found session) {
        return new CurrentSession(
                session.id(), session.userId(), session.username(), session.admin(), session.mustChangePassword());
    }

    private void used(UUID sessionId, Instant now) {
        unwrittenUses.merge(sessionId, now, (earlier, later) -> later.isAfter(earlier) ? later : earlier);
    }

    /**
     * Writes the uses seen since the last call to {@code last_used_at}, in one statement (a row is only moved forward),
     * and drops cached sessions past their bound. Runs every {@link #TOUCH_INTERVAL} and once more at shutdown; uses
     * that could not be written are kept for the next run.
     */
    void writeUses() {
        cache.evictStale();
        Map<UUID, Instant> batch = new HashMap<>();
        // each use is taken out as it is copied: one recorded meanwhile stays for the next run
        unwrittenUses
                .keySet()
                .forEach(id -> unwrittenUses.computeIfPresent(id, (key, used) -> {
                    batch.put(key, used);
                    return null;
                }));
        try {
            sessions.touchEach(batch);
        } catch (RuntimeException e) {
            batch.forEach(this::used);
            throw e;
        }
    }

    @PreDestroy
    void writeUsesAtShutdown() {
        try {
            writeUses();
        } catch (RuntimeException e) {
            log.warn(
                    "could not write the last uses of {} sessions at shutdown: {}", unwrittenUses.size(), e.toString());
        }
    }

    /**
     * Makes every instance read the user's sessions again (a change of the user that their sessions carry: role,
     * password to change), on this instance as soon as the caller's transaction commits; other instances see it
     * within {@code filesys.sessions.max-staleness}.
     */
    public void userChanged(UUID userId) {
        afterCommit(() -> cache.forgetUser(userId));
    }

    /** The user's open, unexpired sessions, oldest first. */
    @Transactional(readOnly = true)
    public List<OpenSession> openSessionsOf(UUID userId) {
        Instant now = clock.instant();
        return sessions.findOpenOf(userId).stream()
                .filter(s -> !expired(s, now))
                .map(s -> new OpenSession(s.id(), s.serverId(), s.startedAt(), s.lastUsedAt()))
                .toList();
    }

    /**
     * Closes every open session of the user but {@code except}, in the caller's transaction, each announced as
     * {@code session_closed} (so event streams on every instance end); their tokens answer {@code SESSION_EXPIRED}
     * from the next request on here, and on every other instance within {@code filesys.sessions.max-staleness}.
     *
     * @param except a session to keep, or null to close them all
     * @return how many were closed
     */
    @Transactional
    public int closeAllOf(UUID userId, @Nullable UUID except) {
        Instant now = clock.instant();
        userChanged(userId);
        int closed = 0;
        for (Session session : sessions.findOpenOfForUpdate(userId)) {
            if (!session.id().equals(except)) {
                closeRow(session, now, SessionClosed.Reason.REVOKED);
                closed++;
            }
        }
        return closed;
    }

    /**
     * Closes one open session of the user.
     *
     * @return false when the user has no open session of that id
     */
    @Transactional
    public boolean closeOwn(UUID userId, UUID sessionId) {
        Optional<Session> session = sessions.findByIdForUpdate(sessionId)
                .filter(s -> s.state() == SessionState.OPEN)
                .filter(s -> userId.equals(s.userId()));
        session.ifPresent(s -> closeRow(s, clock.instant(), SessionClosed.Reason.REVOKED));
        return session.isPresent();
    }

    /** Closes a session found expired, unless it was closed or used meanwhile. */
    private void closeExpired(UUID sessionId, Instant now) {
        transactions.executeWithoutResult(status -> sessions.findByIdForUpdate(sessionId)
                .filter(s -> s.state() == SessionState.OPEN)
                .filter(s -> expired(s, now))
                .ifPresent(s -> closeRow(s, now, SessionClosed.Reason.EXPIRED)));
    }

    /** Ends an open session; its token answers {@code SESSION_EXPIRED} from now on. */
    @Transactional
    void close(UUID sessionId) {
        sessions.findByIdForUpdate(sessionId)
                .filter(s -> s.state() == SessionState.OPEN)
                .ifPresent(s -> closeRow(s, clock.instant(), SessionClosed.Reason.CLOSED));
    }

    /** Binds {@code userId} to the open session, keeping its token (registration). Joins the caller's transaction. */
    @Transactional
    public void logIn(UUID sessionId, UUID userId) {
        bind(openForUpdate(sessionId), userId);
    }

    /**
     * Binds {@code userId} to the open session and replaces its token (login): the token used so far stops working.
     * Joins the caller's transaction.
     *
     * @return the new session token
     */
    @Transactional
    public String logInWithNewToken(UUID sessionId, UUID userId) {
        Session session = openForUpdate(sessionId);
        String token = SessionTokens.newSecret();
        bind(session, userId);
        session.rotateToken(SessionTokens.sha256(token));
        return token;
    }

    /**
     * Unbinds the user; the session stays open with the same token, ready for another login within the anonymous
     * timeout.
     */
    @Transactional
    public void logOut(UUID sessionId) {
        Session session = openForUpdate(sessionId);
        boolean wasCounted = session.userId() != null && serverId.equals(session.serverId());
        session.logOut(clock.instant().plus(settings.anonymousTimeout()));
        forgetAfterCommit(session);
        if (wasCounted) {
            afterCommit(activeSessions::closed);
        }
    }

    private void bind(Session session, UUID userId) {
        boolean newlyCounted = session.userId() == null && serverId.equals(session.serverId());
        session.logIn(userId);
        forgetAfterCommit(session);
        if (newlyCounted) {
            afterCommit(activeSessions::opened);
        }
    }

    /**
     * For long-lived event streams: of the sessions given (each with the user its stream was opened for), those still
     * open, unexpired and logged in as that user. These are marked as used, so a session with an open stream does not
     * idle out (its absolute lifetime still ends it).
     *
     * @param userBySession session id → the user the caller expects it to be logged in as
     * @return the ids of the sessions that still qualify
     */
    @Transactional
    public Set<UUID> holdOpenForStreams(Map<UUID, UUID> userBySession) {
        Instant now = clock.instant();
        Instant idleCutoff = now.minus(settings.idleTimeout());
        Instant lifetimeCutoff = now.minus(settings.maxLifetime());
        // often enough that the session cannot idle out between two checks, rarely enough not to rewrite it each time
        Duration touchEvery = Collections.min(List.of(settings.idleTimeout().dividedBy(4), Duration.ofMinutes(1)));
        Set<UUID> live = new HashSet<>();
        List<UUID> ids = new ArrayList<>(userBySession.keySet());
        for (int from = 0; from < ids.size(); from += STREAM_CHECK_BATCH) {
            List<UUID> batch = ids.subList(from, Math.min(ids.size(), from + STREAM_CHECK_BATCH));
            List<UUID> stillOpen = sessions.findOpenLoggedIn(batch, idleCutoff, lifetimeCutoff).stream()
                    .filter(s -> s.userId().equals(userBySession.get(s.sessionId())))
                    .map(SessionUser::sessionId)
                    .toList();
            if (!stillOpen.isEmpty()) {
                sessions.touchAll(stillOpen, now, now.minus(touchEvery));
            }
            live.addAll(stillOpen);
        }
        return live;
    }

    private Session openForUpdate(UUID sessionId) {
        return sessions.findByIdForUpdate(sessionId)
                .filter(s -> s.state() == SessionState.OPEN)
                .orElseThrow(SessionExpired::new);
    }

    /** The session a resume token names, if any; whether it may be adopted is decided at the ack, under its lock. */
    private Optional<Session> named(@Nullable String token) {
        return token == null ? Optional.empty() : sessions.findByTokenHash(SessionTokens.sha256(token));
    }

    private boolean expired(Session session, Instant now) {
        return session.isExpired(settings.idleTimeout(), settings.maxLifetime(), now);
    }

    private void closeRow(Session session, Instant now, SessionClosed.Reason reason) {
        session.close(now);
        forgetAfterCommit(session);
        if (serverId.equals(session.serverId()) && session.userId() != null) {
            afterCommit(activeSessions::closed);
        }
        if (session.userId() != null) {
            events.publishEvent(new SessionClosed(session.id(), session.userId(), reason));
        }
    }

    /** This instance reads the session again once the change commits (its token, user or state changed). */
    private void forgetAfterCommit(Session session) {
        UUID id = session.id();
        afterCommit(() -> cache.forgetSession(id));
    }

    /** Runs the action once the caller's transaction commits, or now when there is none. */
    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private void count(String outcome) {
        meters.counter("filesys.handshakes", "outcome", outcome).increment();
    }

    /**
     * An open session of a user, as its user may see it.
     *
     * @param serverId the instance that did its handshake (or adopted it)
     * @param startedAt when it began (a resumed session keeps the time of the one it adopted)
     */
    public record OpenSession(UUID sessionId, String serverId, Instant startedAt, Instant lastUsedAt) {}

    /** The first answer of the handshake: the new half-open session and the nonce the ack must show. */
    record HandshakeStarted(UUID sessionId, String serverNonce, Duration expiresIn) {}

    /**
     * The end of the handshake.
     *
     * @param sessionToken the bearer token for every later request
     * @param idleTimeout how long the session survives without a request
     * @param resumed whether an earlier session (and its user) was adopted
     */
    record HandshakeCompleted(String sessionToken, Duration idleTimeout, boolean resumed) {}
}
