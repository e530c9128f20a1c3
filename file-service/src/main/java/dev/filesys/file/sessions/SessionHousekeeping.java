package dev.filesys.file.sessions;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.availability.ActiveSessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Background work on the sessions table: writes the uses of sessions seen here (every second), recounts this instance's open sessions for the availability answer (every
 * availability refresh), and closes expired sessions and purges stale handshakes, long-closed sessions and auth codes
 * past their expiry (every housekeeping interval).
 */
@Component
class SessionHousekeeping implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SessionHousekeeping.class);

    private final SessionRepository sessions;
    private final SessionService sessionService;
    private final ActiveSessions activeSessions;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final FileServiceProperties properties;
    private final Clock clock;

    SessionHousekeeping(
            SessionRepository sessions,
            SessionService sessionService,
            ActiveSessions activeSessions,
            PlatformTransactionManager transactionManager,
            ApplicationEventPublisher events,
            FileServiceProperties properties,
            Clock clock) {
        this.sessions = sessions;
        this.sessionService = sessionService;
        this.activeSessions = activeSessions;
        this.transactions = new TransactionTemplate(transactionManager);
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(
                sessionService::writeUses, SessionService.TOUCH_INTERVAL, SessionService.TOUCH_INTERVAL));
        tasks.addFixedDelayTask(new FixedDelayTask(
                this::recountOpenSessions, properties.availability().refreshInterval(), Duration.ZERO));
        Duration housekeeping = properties.sessions().housekeepingInterval();
        tasks.addFixedDelayTask(new FixedDelayTask(this::purge, housekeeping, housekeeping));
    }

    void recountOpenSessions() {
        FileServiceProperties.Sessions settings = properties.sessions();
        Instant now = clock.instant();
        long open = sessions.countOpen(
                properties.server().id(), now.minus(settings.idleTimeout()), now.minus(settings.maxLifetime()));
        activeSessions.recounted((int) Math.min(Integer.MAX_VALUE, open));
    }

    void purge() {
        FileServiceProperties.Sessions settings = properties.sessions();
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
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
            // at INFO when it did something, else at DEBUG: an idle instance does not log a line a minute
            log.atLevel(expired + halfOpen + closed + codes > 0 ? Level.INFO : Level.DEBUG)
                    .log(
                            "sessions housekeeping: closed {} expired, purged {} stale handshakes, {} closed sessions,"
                                    + " {} used auth codes",
                            expired,
                            halfOpen,
                            closed,
                            codes);
        });
    }
}
