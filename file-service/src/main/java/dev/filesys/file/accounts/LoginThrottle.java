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
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Login backoff in PostgreSQL, so every instance sees the same counts. Each failed login counts against the user name
 * ({@code user:<sha-256 of the lower-cased name>}, so unknown names too, and no names sit in the table) and the client
 * address ({@code addr:<ip>}). After {@code freeAttempts} failures a key is blocked for {@code baseDelay}, doubling with
 * each further failure up to {@code maxDelay}; attempts while blocked are refused without counting, so the block never
 * grows beyond what failures earned and never becomes permanent. An attempt is reserved (counted as a failure) before
 * its password is checked ({@link #reserve}), atomically, so concurrent guesses cannot all be checked before any
 * failure counts. A successful login clears the name's count (not the
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

    /**
     * Reserves one login attempt against every key, before the password is checked, in one transaction that locks the
     * keys' rows: either some key is blocked (nothing is counted, and the answer says for how long), or the attempt
     * counts as a failure of every key right away, blocking those past their free attempts. So concurrent guesses are
     * decided one after the other, and N guesses cost N attempts however they race; a login that then succeeds gives
     * the attempt back ({@link #reset}, {@link #release}).
     *
     * @return how long the longest block still lasts, when the attempt is refused
     */
    @Transactional
    Optional<Duration> reserve(List<String> keys, Instant now) {
        List<String> sorted = keys.stream().distinct().sorted().toList();
        for (String key : sorted) {
            jdbc.sql("""
                            insert into login_attempts (throttle_key, failures, last_failure_at, blocked_until)
                            values (:key, 0, :now, null) on conflict (throttle_key) do nothing
                            """).param("key", key).param("now", Timestamp.from(now)).update();
        }
        // locked in one order by every transaction, so two logins never wait for each other in a circle
        List<Row> rows = jdbc.sql("""
                        select throttle_key, failures, last_failure_at, blocked_until from login_attempts
                        where throttle_key in (:keys) order by throttle_key for update
                        """)
                .param("keys", sorted)
                .query((rs, n) -> new Row(
                        rs.getString("throttle_key"),
                        rs.getInt("failures"),
                        rs.getTimestamp("last_failure_at").toInstant(),
                        rs.getTimestamp("blocked_until") == null
                                ? null
                                : rs.getTimestamp("blocked_until").toInstant()))
                .list();
        Optional<Instant> blockedUntil = rows.stream()
                .map(Row::blockedUntil)
                .filter(until -> until != null && until.isAfter(now))
                .max(Instant::compareTo);
        if (blockedUntil.isPresent()) {
            return Optional.of(Duration.between(now, blockedUntil.get()));
        }
        Instant forgetBefore = now.minus(settings.forgetAfter());
        for (Row row : rows) {
            int failures = (row.lastFailureAt().isAfter(forgetBefore) ? row.failures() : 0) + 1;
            Instant until = failures > settings.freeAttempts() ? now.plus(delayAfter(failures)) : null;
            jdbc.sql("update login_attempts set failures = :failures, last_failure_at = :now, blocked_until = :until"
                            + " where throttle_key = :key")
                    .param("failures", failures)
                    .param("now", Timestamp.from(now))
                    .param("until", until == null ? null : Timestamp.from(until))
                    .param("key", row.key())
                    .update();
        }
        return Optional.empty();
    }

    private record Row(String key, int failures, Instant lastFailureAt, Instant blockedUntil) {}

    /**
     * Gives back the attempt a successful login reserved against {@code key} (the client address: its count stays
     * what failures made it, as if the success had never been counted).
     */
    @Transactional
    void release(String key) {
        jdbc.sql("update login_attempts set failures = failures - 1 where throttle_key = :key and failures > 0")
                .param("key", key)
                .update();
    }

    /**
     * A check that {@link #reserve} counted succeeded: forgets {@code forgottenKey}'s failures (the user name, or what
     * the password guarded) and gives back the attempt reserved against {@code addressKey}. Both rows are written in
     * the order {@code reserve} locks keys, so a success committing with both rows held and a concurrent reservation
     * never wait for each other in a circle (PostgreSQL would end one of them with "deadlock detected").
     */
    @Transactional
    void succeeded(String forgottenKey, String addressKey) {
        for (String key :
                Stream.of(forgottenKey, addressKey).distinct().sorted().toList()) {
            if (key.equals(forgottenKey)) {
                reset(key);
            } else {
                release(key);
            }
        }
    }

    /** Forgets a key's failures (a successful login clears its user name). */
    @Transactional
    void reset(String key) {
        jdbc.sql("delete from login_attempts where throttle_key = :key")
                .param("key", key)
                .update();
    }

    /** Deletes keys that are neither blocked nor recent enough to count (and reservations that never failed). */
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
