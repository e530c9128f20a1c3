package dev.filesys.file.blobs;

import dev.filesys.file.FileServiceProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes what uploads leave behind once it is older than the grace period: staged files of uploads that never
 * finished, blobs no file and no file version references any more, and published bytes whose row was rolled back. Each removal of stored
 * bytes holds the digest's lock, which uploads hold while they publish, so a blob being stored is never removed; every
 * instance may run it at once. Runs every {@code filesys.sweeper.interval} unless {@code filesys.sweeper.enabled=false}.
 */
@Component
class BlobSweeper implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(BlobSweeper.class);
    private static final int BATCH = 500;

    /**
     * First key of the advisory lock (second key 0) that removals hold shared and a backup takes exclusively once it
     * has written its hold; {@code scripts/backup.sh} names the same number.
     */
    static final int HOLD_LOCK_CLASS = 0x686f6c64; // "hold"

    /** A condition on a row of {@code blobs b}: past the grace period, and no file or file version references it. */
    private static final String UNREFERENCED = """
            touched_at < now() - make_interval(secs => :grace)
              AND NOT EXISTS (SELECT 1 FROM files f WHERE f.blob_sha256 = b.sha256)
              AND NOT EXISTS (SELECT 1 FROM file_versions v WHERE v.blob_sha256 = b.sha256)
            """;

    private final BlobStore store;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final FileServiceProperties.Sweeper settings;
    private final Counter staged;
    private final Counter unreferenced;
    private final Counter orphaned;
    private final Clock clock;

    BlobSweeper(
            BlobStore store,
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            FileServiceProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.store = store;
        this.clock = clock;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.settings = properties.sweeper();
        this.staged = removals(meters, "staged");
        this.unreferenced = removals(meters, "unreferenced_blob");
        this.orphaned = removals(meters, "orphaned_blob");
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        settings.schedule(tasks, this::sweep);
    }

    /** One pass; returns how many things it removed. */
    int sweep() {
        Duration grace = settings.gracePeriod();
        int removed = 0;
        try {
            int n = store.removeStagedBefore(clock.instant().minus(grace));
            staged.increment(n);
            removed += n;
        } catch (IOException e) {
            log.warn("sweeping staged blobs failed", e);
        }
        if (held()) {
            log.info("a sweep hold is in place (a backup is running): no stored blob is removed");
            return removed;
        }
        removed += sweepUnreferenced(grace);
        removed += sweepOrphaned(grace);
        return removed;
    }

    private int sweepUnreferenced(Duration grace) {
        List<String> candidates = jdbc.sql(
                        "SELECT sha256 FROM blobs b WHERE " + UNREFERENCED + " ORDER BY touched_at LIMIT :batch")
                .param("grace", seconds(grace))
                .param("batch", BATCH)
                .query(String.class)
                .list();
        int removed = 0;
        for (String sha256 : candidates) {
            if (removeIf(
                    sha256,
                    () -> jdbc.sql("DELETE FROM blobs b WHERE sha256 = :sha256 AND " + UNREFERENCED)
                                    .param("sha256", sha256)
                                    .param("grace", seconds(grace))
                                    .update()
                            == 1)) {
                unreferenced.increment();
                removed++;
            }
        }
        return removed;
    }

    /** Blob files without a row: every old one is looked at, the database asked about a batch at a time. */
    private int sweepOrphaned(Duration grace) {
        List<String> batch = new ArrayList<>();
        int[] removed = {0};
        try {
            store.forEachStoredBefore(clock.instant().minus(grace), sha256 -> {
                batch.add(sha256);
                if (batch.size() == BATCH) {
                    removed[0] += removeUnrecorded(batch);
                    batch.clear();
                }
            });
        } catch (IOException e) {
            log.warn("listing stored blobs failed", e);
        }
        return removed[0] + removeUnrecorded(batch);
    }

    /**
     * Whether a hold stops removals now ({@code blob_sweep_holds}, which a backup writes before it dumps the database).
     */
    boolean held() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM blob_sweep_holds WHERE held_until > now())")
                .query(Boolean.class)
                .single();
    }

    /** Removes stored bytes without a row, past the grace period, as a sweep would; true if it did. */
    boolean removeOrphan(String sha256) {
        return removeUnrecorded(List.of(sha256)) == 1;
    }

    private int removeUnrecorded(List<String> candidates) {
        if (candidates.isEmpty()) {
            return 0;
        }
        Set<String> recorded = new HashSet<>(jdbc.sql("SELECT sha256 FROM blobs WHERE sha256 = ANY(:candidates)")
                .param("candidates", candidates.toArray(String[]::new))
                .query(String.class)
                .list());
        int removed = 0;
        for (String sha256 : candidates) {
            if (!recorded.contains(sha256)
                    && removeIf(
                            sha256,
                            () -> !jdbc.sql("SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = :sha256)")
                                    .param("sha256", sha256)
                                    .query(Boolean.class)
                                    .single())) {
                orphaned.increment();
                removed++;
            }
        }
        return removed;
    }

    /**
     * In one transaction holding the digest's lock (skipped when an upload holds it): when {@code condition} holds,
     * deletes the blob's bytes before the transaction commits, so a failed deletion leaves the row for the next pass.
     * The transaction also holds the hold lock, shared, and checks for a hold after taking it: a backup takes that lock
     * exclusively once it has written its hold, so no removal that missed the hold is still running when its dump
     * starts.
     */
    private boolean removeIf(String sha256, BooleanSupplier condition) {
        try {
            return Boolean.TRUE.equals(tx.execute(status -> {
                holdLockShared();
                if (held() || !tryLock(sha256) || !condition.getAsBoolean()) {
                    return false;
                }
                deleteBytes(sha256);
                return true;
            }));
        } catch (RuntimeException e) {
            log.warn("sweeping blob {} failed; the next pass retries", sha256, e);
            return false;
        }
    }

    private void deleteBytes(String sha256) {
        try {
            store.delete(sha256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void holdLockShared() {
        jdbc.sql("SELECT pg_advisory_xact_lock_shared(:class, 0)")
                .param("class", HOLD_LOCK_CLASS)
                .query(rs -> {});
    }

    private boolean tryLock(String sha256) {
        return jdbc.sql("SELECT pg_try_advisory_xact_lock(:class, :key)")
                .param("class", Blobs.LOCK_CLASS)
                .param("key", Blobs.lockKey(sha256))
                .query(Boolean.class)
                .single();
    }

    static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static Counter removals(MeterRegistry meters, String kind) {
        return Counter.builder("filesys.sweeper.removals")
                .description("Things the sweeper removed")
                .tag("kind", kind)
                .register(meters);
    }
}
