package dev.filesys.file.sessions;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.Periodic;
import dev.filesys.file.availability.ActiveSessions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Background work on the sessions table: recounts this instance's open sessions for the availability answer (every
 * availability refresh), and closes expired sessions and purges stale handshakes, long-closed sessions and auth codes
 * past their expiry (every housekeeping interval).
 */
@Component
class SessionHousekeeping implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SessionHousekeeping.class);

    private final SessionRepository sessions;
    private final ActiveSessions activeSessions;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final FileServiceProperties properties;

    private Periodic recount;
    private Periodic purge;

    SessionHousekeeping(
            SessionRepository sessions,
            ActiveSessions activeSessions,
            PlatformTransactionManager transactionManager,
            ApplicationEventPublisher events,
            FileServiceProperties properties) {
        this.sessions = sessions;
        this.activeSessions = activeSessions;
        this.transactions = new TransactionTemplate(transactionManager);
        this.events = events;
        this.properties = properties;
    }

    @Override
    public void start() {
        recount = Periodic.start(
                "sessions-recount",
                Duration.ZERO,
                properties.availability().refreshInterval(),
                this::recountOpenSessions);
        purge = Periodic.start(
                "sessions-housekeeping",
                properties.sessions().housekeepingInterval(),
                properties.sessions().housekeepingInterval(),
                this::purge);
    }

    @Override
    public void stop() {
        recount.close();
        purge.close();
        recount = null;
        purge = null;
    }

    @Override
    public boolean isRunning() {
        return recount != null;
    }

    /** Starts before the web server, stops after it. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE / 2;
    }

    void recountOpenSessions() {
        FileServiceProperties.Sessions settings = properties.sessions();
        Instant now = Instant.now();
        long open = sessions.countOpen(
                properties.server().id(), now.minus(settings.idleTimeout()), now.minus(settings.maxLifetime()));
        activeSessions.recounted((int) Math.min(Integer.MAX_VALUE, open));
    }

    void purge() {
        FileServiceProperties.Sessions settings = properties.sessions();
        transactions.executeWithoutResult(status -> {
            Instant now = Instant.now();
            List<SessionUser> expiredSessions =
                    sessions.closeExpired(now, now.minus(settings.idleTimeout()), now.minus(settings.maxLifetime()));
            expiredSessions.stream()
                    .filter(session -> session.userId() != null)
                    .forEach(session -> events.publishEvent(
                            new SessionClosed(session.sessionId(), session.userId(), SessionClosed.Reason.EXPIRED)));
            int expired = expiredSessions.size();
            int halfOpen = sessions.deleteStaleHalfOpen(now.minus(settings.halfOpenTimeout()));
            int closed = sessions.deleteClosedBefore(now.minus(settings.closedRetention()));
            int codes = sessions.deleteUsedAuthCodesExpiredBefore(now);
            if (expired + halfOpen + closed + codes > 0) {
                log.info(
                        "sessions housekeeping: closed {} expired, purged {} stale handshakes, {} closed sessions,"
                                + " {} used auth codes",
                        expired,
                        halfOpen,
                        closed,
                        codes);
            }
        });
    }
}
