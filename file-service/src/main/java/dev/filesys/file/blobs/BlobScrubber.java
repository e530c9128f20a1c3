package dev.filesys.file.blobs;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.blobs.BlobCheck.Result;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Re-reads every stored blob at a bounded rate ({@code filesys.scrub.bytes-per-second}) and checks it against its
 * CRC32C and chunk CRCs, so that damage is found before a user reads it: a damaged blob is quarantined as a failed read
 * quarantines it, logged at WARN, counted ({@code filesys.scrub.blobs{result=corrupted}}) and recorded with the files
 * it affects ({@link BlobIntegrity#report()}); a row whose bytes are gone is recorded as missing.
 *
 * <p>One instance scrubs at a time: the one holding the lease in {@code blob_scrub_state}, renewed after every blob.
 * The pass's cursor (the last digest checked, passes go in digest order) is stored there too, so a pass survives
 * restarts and moves to another instance when the lease lapses. A pass starts once the last one ended {@code
 * filesys.scrub.period} ago; every instance looks every {@code min(period, 1m)}.
 */
@Component
class BlobScrubber implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(BlobScrubber.class);
    private static final int BATCH = 100;

    private final BlobStore store;
    private final BlobIntegrity integrity;
    private final JdbcClient jdbc;
    private final FileServiceProperties.Scrub settings;
    private final String owner;
    private final String serverId;
    private final Counter bytes;
    private final Counter intact;
    private final Counter corrupted;
    private final Counter missing;
    private final Counter passes;

    BlobScrubber(
            BlobStore store,
            BlobIntegrity integrity,
            JdbcClient jdbc,
            FileServiceProperties properties,
            MeterRegistry meters) {
        this.store = store;
        this.integrity = integrity;
        this.jdbc = jdbc;
        this.settings = properties.scrub();
        this.serverId = properties.server().id();
        // one owner per process: two instances configured with the same id must not share a lease
        this.owner = serverId + "/" + UUID.randomUUID();
        this.bytes = Counter.builder("filesys.scrub.bytes")
                .description("Bytes the scrubber read")
                .baseUnit("bytes")
                .register(meters);
        this.intact = checked(meters, "intact");
        this.corrupted = checked(meters, "corrupted");
        this.missing = checked(meters, "missing");
        this.passes = Counter.builder("filesys.scrub.passes")
                .description("Scrub passes over every blob that this instance finished")
                .register(meters);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        if (settings.enabled()) {
            Duration every =
                    settings.period().compareTo(Duration.ofMinutes(1)) < 0 ? settings.period() : Duration.ofMinutes(1);
            tasks.addFixedDelayTask(new FixedDelayTask(this::scrub, every, every));
        }
    }

    /**
     * Scrubs while this instance holds the lease: continues the current pass (or starts one, if it is due) and ends
     * when the pass does or the lease is lost. Returns how many blobs it checked.
     */
    int scrub() {
        jdbc.sql("INSERT INTO blob_scrub_state (id) VALUES (1) ON CONFLICT (id) DO NOTHING")
                .update();
        Optional<Cursor> start = takeLease();
        if (start.isEmpty()) {
            return 0;
        }
        String cursor = start.get().sha256();
        if (cursor == null) {
            log.info("scrub: a pass over every blob begins");
        }
        ReadPace pace = new ReadPace(settings.bytesPerSecond().toBytes());
        int checked = 0;
        try {
            for (List<RecordedBlob> batch = integrity.recordedAfter(cursor, BATCH);
                    !batch.isEmpty();
                    batch = integrity.recordedAfter(cursor, BATCH)) {
                for (RecordedBlob blob : batch) {
                    check(blob, pace);
                    checked++;
                    cursor = blob.sha256();
                    if (!advance(cursor)) {
                        log.info("scrub: lease lost after {} blobs; another instance continues", checked);
                        return checked;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return checked;
        }
        finishPass();
        passes.increment();
        log.info("scrub: pass finished; {} blobs checked in this run", checked);
        return checked;
    }

    private void check(RecordedBlob blob, ReadPace pace) throws InterruptedException {
        Result result;
        try {
            result = BlobCheck.check(store, blob, pace, false);
        } catch (IOException e) {
            // the store failed (not the bytes): the next pass tries again
            log.warn("scrub: reading blob {} failed; skipped until the next pass", blob.sha256(), e);
            return;
        }
        bytes.increment(Math.max(0, result.storedSize()));
        switch (result.verdict()) {
            case INTACT -> intact.increment();
            case CORRUPTED -> {
                String damage = integrity.quarantineIfStillDamaged(blob, serverId + " scrub");
                if (damage != null) {
                    corrupted.increment();
                    log.warn(
                            "scrub: blob {} is damaged ({}); quarantined it; {} files affected",
                            blob.sha256(),
                            damage,
                            integrity.filesOf(blob.sha256()));
                }
            }
            case MISSING -> {
                if (integrity.recordIfStillMissing(blob.sha256(), serverId + " scrub")) {
                    missing.increment();
                    log.warn(
                            "scrub: blob {} is missing from the store; {} files affected",
                            blob.sha256(),
                            integrity.filesOf(blob.sha256()));
                }
            }
        }
    }

    private record Cursor(@Nullable String sha256) {}

    /** Takes (or renews) the lease when nobody else holds it and a pass is under way or due. */
    private Optional<Cursor> takeLease() {
        return jdbc.sql("""
                        UPDATE blob_scrub_state
                        SET lease_owner = :owner, lease_until = now() + make_interval(secs => :lease),
                            pass_started_at = CASE WHEN cursor_sha256 IS NULL THEN now() ELSE pass_started_at END
                        WHERE id = 1
                          AND (lease_owner IS NULL OR lease_owner = :owner OR lease_until < now())
                          AND (cursor_sha256 IS NOT NULL OR last_pass_completed_at IS NULL
                               OR last_pass_completed_at <= now() - make_interval(secs => :period))
                        RETURNING cursor_sha256
                        """)
                .param("owner", owner)
                .param("lease", BlobSweeper.seconds(settings.lease()))
                .param("period", BlobSweeper.seconds(settings.period()))
                .query((rs, n) -> new Cursor(rs.getString("cursor_sha256")))
                .optional();
    }

    /** Records progress and renews the lease; false when the lease went to another instance. */
    private boolean advance(String sha256) {
        return jdbc.sql("""
                        UPDATE blob_scrub_state
                        SET cursor_sha256 = :sha256, lease_until = now() + make_interval(secs => :lease)
                        WHERE id = 1 AND lease_owner = :owner
                        """)
                        .param("sha256", sha256)
                        .param("lease", BlobSweeper.seconds(settings.lease()))
                        .param("owner", owner)
                        .update()
                == 1;
    }

    private void finishPass() {
        jdbc.sql("""
                        UPDATE blob_scrub_state
                        SET cursor_sha256 = NULL, last_pass_completed_at = now(), lease_owner = NULL,
                            lease_until = NULL
                        WHERE id = 1 AND lease_owner = :owner
                        """).param("owner", owner).update();
    }

    private static Counter checked(MeterRegistry meters, String result) {
        return Counter.builder("filesys.scrub.blobs")
                .description("Blobs the scrubber checked, by what it found")
                .tag("result", result)
                .register(meters);
    }
}
