package dev.filesys.file.files;

import dev.filesys.file.FileServiceProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each user's storage quota ({@code filesys.storage.quota}): what they own plus what their resumable uploads in
 * progress declared. Charged atomically in SQL with a conditional UPDATE, so concurrent uploads can never take a user
 * over it, whatever instance they run on.
 */
@Component
public class StorageQuota {

    private final JdbcClient jdbc;
    private final long quota;
    private final Counter rejections;

    StorageQuota(JdbcClient jdbc, FileServiceProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.quota = properties.storage().quota().toBytes();
        this.rejections = Counter.builder("filesys.quota.rejections")
                .description("Uploads refused because they would exceed the user's quota")
                .register(meters);
    }

    /** The quota, in bytes, of every user. */
    public long quota() {
        return quota;
    }

    /** How many bytes the user may still store; a hint for refusing early, not a reservation. */
    public long remaining(UUID userId) {
        long used = jdbc.sql("SELECT used_bytes FROM storage_usage WHERE user_id = :user")
                .param("user", userId)
                .query(Long.class)
                .optional()
                .orElse(0L);
        return Math.max(0, quota - used);
    }

    /**
     * Locks the user's usage row until the transaction ends (creating it on first use), so one user's commits happen
     * one at a time; returns the bytes used.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long lock(UUID userId) {
        jdbc.sql("INSERT INTO storage_usage (user_id) VALUES (:user) ON CONFLICT (user_id) DO NOTHING")
                .param("user", userId)
                .update();
        return jdbc.sql("SELECT used_bytes FROM storage_usage WHERE user_id = :user FOR UPDATE")
                .param("user", userId)
                .query(Long.class)
                .single();
    }

    /**
     * Adds {@code delta} bytes (negative to release) to what the user uses, in the caller's transaction.
     *
     * @throws QuotaExceeded when a positive delta would take the user over the quota; nothing changes then
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void charge(UUID userId, long delta) {
        if (delta == 0) {
            return;
        }
        jdbc.sql("INSERT INTO storage_usage (user_id) VALUES (:user) ON CONFLICT (user_id) DO NOTHING")
                .param("user", userId)
                .update();
        int updated = jdbc.sql("""
                        UPDATE storage_usage SET used_bytes = used_bytes + :delta
                        WHERE user_id = :user AND (:delta <= 0 OR used_bytes + :delta <= :quota)
                        """)
                .param("user", userId)
                .param("delta", delta)
                .param("quota", quota)
                .update();
        if (updated == 0) {
            throw rejected();
        }
    }

    /** Counts and returns the refusal for an upload that would not fit. */
    public QuotaExceeded rejected() {
        rejections.increment();
        return new QuotaExceeded("This would take you over your storage quota of " + quota + " bytes.");
    }
}
