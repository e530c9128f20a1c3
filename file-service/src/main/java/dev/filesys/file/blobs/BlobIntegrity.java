package dev.filesys.file.blobs;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.blobs.BlobCheck.Result;
import dev.filesys.file.blobs.BlobCheck.Verdict;
import dev.filesys.file.blobs.FsckReport.Problem;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The integrity of stored blobs: the report of what the scrubber ({@link BlobScrubber}) and fsck found damaged or
 * missing, with the files and owners affected, and fsck itself, which compares the {@code blobs} rows with the store and
 * fixes what is safe to fix. A damaged blob is confirmed under its digest's lock (an upload of the same bytes may have
 * just replaced it) before it is quarantined the way a failed read quarantines it.
 */
@Service
public class BlobIntegrity {

    private static final Logger log = LoggerFactory.getLogger(BlobIntegrity.class);
    private static final int BATCH = 500;

    private final BlobStore store;
    private final Blobs blobs;
    private final BlobSweeper sweeper;
    private final IntegrityFindings findings;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final FileServiceProperties properties;
    private final Clock clock;

    BlobIntegrity(
            BlobStore store,
            Blobs blobs,
            BlobSweeper sweeper,
            IntegrityFindings findings,
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            FileServiceProperties properties,
            Clock clock) {
        this.store = store;
        this.blobs = blobs;
        this.sweeper = sweeper;
        this.findings = findings;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.properties = properties;
        this.clock = clock;
    }

    /** What the scrubber and fsck found, newest first (at most {@value IntegrityFindings#REPORT_LIMIT}). */
    public List<IntegrityFinding> report() {
        return findings.report();
    }

    /**
     * Checks every {@code blobs} row against the store (size, or with {@code checksums} every byte) and every stored blob
     * for a row; with {@code fix} it quarantines damaged blobs, re-records the size and checksums of a blob whose bytes
     * prove by their SHA-256 to be the right ones, and removes stored blobs without a row that are older than the
     * sweeper's grace period (unless a sweep hold is in place). It never deletes a row that a file references.
     */
    public FsckReport fsck(boolean fix, boolean checksums) throws IOException {
        Instant started = clock.instant();
        String by = properties.server().id() + " fsck";
        List<Problem> problems = new ArrayList<>();
        long rows = 0;
        String cursor = null;
        for (List<RecordedBlob> batch = recordedAfter(cursor, BATCH);
                !batch.isEmpty();
                batch = recordedAfter(cursor, BATCH)) {
            for (RecordedBlob blob : batch) {
                rows++;
                Problem problem = fsckRow(blob, fix, checksums, by);
                if (problem != null) {
                    problems.add(problem);
                }
            }
            cursor = batch.getLast().sha256();
        }
        problems.addAll(quarantinedInUse());
        long stored = fsckStored(fix, problems);
        boolean clean = problems.stream().allMatch(Problem::fixed);
        log.info(
                "fsck{}: {} blob rows, {} stored blobs, {} problems, {}",
                fix ? " --fix" : "",
                rows,
                stored,
                problems.size(),
                clean ? "clean" : "not clean");
        return new FsckReport(started, clock.instant(), fix, checksums, rows, stored, List.copyOf(problems), clean);
    }

    private @Nullable Problem fsckRow(RecordedBlob blob, boolean fix, boolean checksums, String by) throws IOException {
        OptionalLong size = store.size(blob.sha256());
        if (size.isEmpty()) {
            if (!recordIfStillMissing(blob.sha256(), by)) {
                return null;
            }
            return new Problem(
                    "MISSING_BLOB",
                    blob.sha256(),
                    "the row is there, the bytes are not",
                    findings.filesOf(blob.sha256()),
                    false,
                    "not fixable here: restore the blob from a backup, or upload the same bytes again");
        }
        if (size.getAsLong() != blob.size()) {
            String detail = size.getAsLong() + " bytes stored, " + blob.size() + " recorded";
            String action = fix ? rerecordOrQuarantine(blob, by) : "none (fix=false)";
            return new Problem("SIZE_MISMATCH", blob.sha256(), detail, findings.filesOf(blob.sha256()), fix, action);
        }
        if (checksums) {
            Result result = check(blob, ReadPace.unlimited(), false);
            if (result.verdict() == Verdict.CORRUPTED) {
                boolean quarantined = fix && quarantineIfStillDamaged(blob, by) != null;
                return new Problem(
                        "CHECKSUM_MISMATCH",
                        blob.sha256(),
                        result.detail(),
                        findings.filesOf(blob.sha256()),
                        quarantined,
                        quarantined ? "quarantined" : fix ? "none (no longer damaged)" : "none (fix=false)");
            }
        }
        return null;
    }

    /**
     * A blob whose stored size differs from its row: when its bytes hash to its name they are the right ones and the
     * row is wrong, so the row is re-recorded from them; otherwise the bytes are damaged and quarantined.
     */
    private String rerecordOrQuarantine(RecordedBlob blob, String by) {
        return tx.execute(status -> {
            blobs.lock(blob.sha256());
            Result result = check(blob, ReadPace.unlimited(), true);
            if (result.verdict() == Verdict.MISSING) {
                return "none (the bytes went away meanwhile)";
            }
            if (blob.sha256().equals(result.sha256()) && result.chunks() != null) {
                jdbc.sql("""
                                UPDATE blobs SET size = :size, crc32c = :crc32c, chunk_size = :chunkSize,
                                                 chunk_crc32c = :chunkCrcs
                                WHERE sha256 = :sha256
                                """)
                        .param("sha256", blob.sha256())
                        .param("size", result.storedSize())
                        .param("crc32c", result.crc32c())
                        .param("chunkSize", result.chunks().chunkSize())
                        .param("chunkCrcs", result.chunks().bytes())
                        .update();
                log.warn("fsck: blob {} re-recorded: its bytes hash to its name; {}", blob.sha256(), result.detail());
                return "re-recorded: the stored bytes hash to the blob's SHA-256, so the row was wrong";
            }
            blobs.moveAside(blob.sha256());
            findings.record(blob.sha256(), "CORRUPTED", result.detail(), by);
            log.warn("fsck: blob {} is damaged ({}); quarantined it", blob.sha256(), result.detail());
            return "quarantined: the stored bytes do not hash to the blob's SHA-256";
        });
    }

    private List<Problem> quarantinedInUse() {
        return jdbc.sql("""
                        SELECT b.sha256,
                               (SELECT count(*) FROM files f WHERE f.blob_sha256 = b.sha256)
                             + (SELECT count(*) FROM file_versions v WHERE v.blob_sha256 = b.sha256) AS files
                        FROM blobs b
                        WHERE b.quarantined_at IS NOT NULL
                          AND (EXISTS (SELECT 1 FROM files f WHERE f.blob_sha256 = b.sha256)
                               OR EXISTS (SELECT 1 FROM file_versions v WHERE v.blob_sha256 = b.sha256))
                        ORDER BY b.sha256
                        """)
                .query((rs, n) -> new Problem(
                        "QUARANTINED_IN_USE",
                        rs.getString("sha256"),
                        "files whose content was quarantined answer BLOB_CORRUPTED",
                        rs.getInt("files"),
                        false,
                        "not fixable here: upload the same bytes again (heals it) or delete the files"))
                .list();
    }

    /** Stored blobs without a row: those past the grace period are problems (and removed with fix). */
    private long fsckStored(boolean fix, List<Problem> problems) throws IOException {
        long[] stored = {0};
        List<String> batch = new ArrayList<>();
        Instant cutoff = clock.instant().minus(properties.sweeper().gracePeriod());
        // everything stored counts; only what is past the grace period can be an orphan (younger may be an upload)
        store.forEachStoredBefore(clock.instant(), sha256 -> stored[0]++);
        store.forEachStoredBefore(cutoff, sha256 -> {
            batch.add(sha256);
            if (batch.size() == BATCH) {
                orphans(batch, fix, problems);
                batch.clear();
            }
        });
        orphans(batch, fix, problems);
        return stored[0];
    }

    private void orphans(List<String> candidates, boolean fix, List<Problem> problems) {
        if (candidates.isEmpty()) {
            return;
        }
        Set<String> recorded = new HashSet<>(jdbc.sql("SELECT sha256 FROM blobs WHERE sha256 = ANY(:candidates)")
                .param("candidates", candidates.toArray(String[]::new))
                .query(String.class)
                .list());
        for (String sha256 : candidates) {
            if (recorded.contains(sha256)) {
                continue;
            }
            boolean removed = fix && sweeper.removeOrphan(sha256);
            problems.add(new Problem(
                    "ORPHAN_BLOB",
                    sha256,
                    "stored bytes without a row, older than the grace period",
                    0,
                    removed,
                    removed
                            ? "removed"
                            : fix ? "none (a sweep hold is in place, or a row appeared)" : "none (fix=false)"));
        }
    }

    /** Rows in digest order after {@code cursor} (from the first when null), quarantined ones left out. */
    List<RecordedBlob> recordedAfter(@Nullable String cursor, int limit) {
        return jdbc.sql("""
                        SELECT sha256, size, crc32c, chunk_size, chunk_crc32c FROM blobs
                        WHERE quarantined_at IS NULL AND (CAST(:cursor AS char(64)) IS NULL OR sha256 > :cursor)
                        ORDER BY sha256
                        LIMIT :limit
                        """)
                .param("cursor", cursor)
                .param("limit", limit)
                .query(BlobIntegrity::recorded)
                .list();
    }

    /**
     * Under the digest's lock: when the row is still there and not quarantined and its bytes still fail their check,
     * quarantines the blob and records the finding. Returns what was wrong, or null when nothing is (any more).
     */
    @Nullable
    String quarantineIfStillDamaged(RecordedBlob blob, String by) {
        return tx.execute(status -> {
            blobs.lock(blob.sha256());
            RecordedBlob now = current(blob.sha256());
            if (now == null) {
                return null;
            }
            Result result = check(now, ReadPace.unlimited(), false);
            if (result.verdict() != Verdict.CORRUPTED) {
                return null;
            }
            blobs.moveAside(now.sha256());
            findings.record(now.sha256(), "CORRUPTED", result.detail(), by);
            return result.detail();
        });
    }

    /** Under the digest's lock: when the row is still there, not quarantined, and has no bytes, records it. */
    boolean recordIfStillMissing(String sha256, String by) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            blobs.lock(sha256);
            if (current(sha256) == null || exists(sha256)) {
                return false;
            }
            findings.record(sha256, "MISSING", "the row is there, the bytes are not", by);
            return true;
        }));
    }

    int filesOf(String sha256) {
        return findings.filesOf(sha256);
    }

    private @Nullable RecordedBlob current(String sha256) {
        return jdbc.sql("""
                        SELECT sha256, size, crc32c, chunk_size, chunk_crc32c FROM blobs
                        WHERE sha256 = :sha256 AND quarantined_at IS NULL
                        """)
                .param("sha256", sha256)
                .query(BlobIntegrity::recorded)
                .optional()
                .orElse(null);
    }

    private static RecordedBlob recorded(ResultSet rs, int row) throws SQLException {
        int chunkSize = rs.getInt("chunk_size");
        byte[] crcs = rs.getBytes("chunk_crc32c");
        return new RecordedBlob(
                rs.getString("sha256"),
                rs.getLong("size"),
                rs.getLong("crc32c"),
                crcs == null || chunkSize == 0 ? null : new ChunkCrcs(chunkSize, crcs));
    }

    private boolean exists(String sha256) {
        try {
            return store.exists(sha256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Result check(RecordedBlob blob, ReadPace pace, boolean digest) {
        try {
            return BlobCheck.check(store, blob, pace, digest);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while checking a blob"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
