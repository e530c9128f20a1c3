package dev.filesys.file.accounts;

import dev.filesys.file.FileServiceProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Login backoff in PostgreSQL, so every instance sees the same counts. Each failed login counts against the user name
 * ({@code user:<sha-256 of the lower-cased name>}, so unknown names too, and no names sit in the table) and the client
 * address ({@code addr:<ip>}). After {@code freeAttempts} failures a key is blocked for {@code baseDelay}, doubling with
 * each further failure up to {@code maxDelay}; attempts while blocked are refused without counting, so the block never
 * grows beyond what failures earned and never becomes permanent. A successful login clears the name's count (not the
 * address's, or an attacker with an account of their own could clear their address between guesses at others); a key
 * without failures for {@code forgetAfter} starts over.
 */
@Component
class LoginThrottle {

    private static final int MAX_DOUBLINGS = 30;

    private final JdbcClient jdbc;
    private final FileServiceProperties.Throttle settings;

    LoginThrottle(JdbcClient jdbc, FileServiceProperties properties) {
        this.jdbc = jdbc;
        this.settings = properties.accounts().throttle();
    }

    static String usernameKey(String normalizedUsername) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(normalizedUsername.getBytes(StandardCharsets.UTF_8));
            return "user:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String addressKey(String clientAddress) {
        return "addr:" + (clientAddress == null ? "unknown" : clientAddress);
    }

    /** How long the longest block among {@code keys} still lasts, if any is blocked. */
    @Transactional(readOnly = true)
    Optional<Duration> blockedFor(List<String> keys, Instant now) {
        return jdbc.sql("select max(blocked_until) from login_attempts where throttle_key in (:keys)"
                        + " and blocked_until > :now")
                .param("keys", keys)
                .param("now", Timestamp.from(now))
                .query(Timestamp.class)
                .optional()
                .map(until -> Duration.between(now, until.toInstant()));
    }

    /** Counts a failure against each key and blocks those past their free attempts. */
    @Transactional
    void recordFailure(List<String> keys, Instant now) {
        Timestamp forgetBefore = Timestamp.from(now.minus(settings.forgetAfter()));
        for (String key : keys) {
            int failures = jdbc.sql("""
                            insert into login_attempts (throttle_key, failures, last_failure_at, blocked_until)
                            values (:key, 1, :now, null)
                            on conflict (throttle_key) do update set
                              failures = case when login_attempts.last_failure_at <= :forgetBefore then 1
                                              else login_attempts.failures + 1 end,
                              last_failure_at = excluded.last_failure_at
                            returning failures
                            """)
                    .param("key", key)
                    .param("now", Timestamp.from(now))
                    .param("forgetBefore", forgetBefore)
                    .query(Integer.class)
                    .single();
            Instant blockedUntil = failures > settings.freeAttempts() ? now.plus(delayAfter(failures)) : null;
            jdbc.sql("update login_attempts set blocked_until = :until where throttle_key = :key")
                    .param("until", blockedUntil == null ? null : Timestamp.from(blockedUntil))
                    .param("key", key)
                    .update();
        }
    }

    /** Forgets a key's failures (a successful login clears its user name). */
    @Transactional
    void reset(String key) {
        jdbc.sql("delete from login_attempts where throttle_key = :key")
                .param("key", key)
                .update();
    }

    /** Deletes keys that are neither blocked nor recent enough to count. */
    @Transactional
    int purge(Instant now) {
        return jdbc.sql("delete from login_attempts where last_failure_at <= :forgetBefore"
                        + " and (blocked_until is null or blocked_until <= :now)")
                .param("forgetBefore", Timestamp.from(now.minus(settings.forgetAfter())))
                .param("now", Timestamp.from(now))
                .update();
    }

    Duration delayAfter(int failures) {
        int doublings = Math.min(MAX_DOUBLINGS, failures - settings.freeAttempts() - 1);
        Duration delay = settings.baseDelay().multipliedBy(1L << doublings);
        return delay.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : delay;
    }
}
