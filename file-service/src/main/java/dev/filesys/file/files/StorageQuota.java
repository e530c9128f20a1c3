package dev.filesys.file.files;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.sessions.SessionRequired;
import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each user's storage quota ({@code filesys.storage.quota}): what they own plus what their resumable uploads in
 * progress declared; and each user's file count ({@code filesys.storage.max-files}): their files plus their resumable
 * uploads in progress. Both are charged atomically in SQL with a conditional UPDATE, so concurrent uploads can never take
 * a user over either limit, whatever instance they run on.
 */
@Component
public class StorageQuota {

    private final JdbcClient jdbc;
    private final long quota;
    private final long maxFiles;
    private final Counter rejections;
    private final Counter fileCountRejections;

    StorageQuota(JdbcClient jdbc, FileServiceProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.quota = properties.storage().quota().toBytes();
        this.maxFiles = properties.storage().maxFiles();
        this.rejections = Counter.builder("filesys.quota.rejections")
                .description("Uploads refused because they would exceed the user's quota")
                .register(meters);
        this.fileCountRejections = Counter.builder("filesys.quota.file.count.rejections")
                .description("Uploads refused because the user has as many files as one user may keep")
                .register(meters);
    }

    /**
     * What a resumable upload holds while it is in progress: its declared length and a place among the user's files.
     * Both become the file's when it completes, and are given back when it is terminated or swept.
     *
     * @param bytes bytes charged ahead
     * @param files files counted ahead (0 or 1)
     */
    public record Reservation(long bytes, int files) {

        /** Nothing held ahead: a simple upload. */
        public static final Reservation NONE = new Reservation(0, 0);

        /** What a resumable upload of {@code length} bytes holds. */
        public static Reservation upload(long length) {
            return new Reservation(length, 1);
        }
    }

    /** The deployment's quota, in bytes: every user's unless an admin set their own. */
    public long quota() {
        return quota;
    }

    /**
     * How many bytes the user may still store under their own quota (an admin's, or the deployment's); a hint for
     * refusing early, not a reservation.
     */
    public long remaining(UUID userId) {
        long left = jdbc.sql("""
                        SELECT COALESCE(u.quota_bytes, :quota) - COALESCE(s.used_bytes, 0)
                        FROM users u LEFT JOIN storage_usage s ON s.user_id = u.id
                        WHERE u.id = :user
                        """)
                .param("user", userId)
                .param("quota", quota)
                .query(Long.class)
                .optional()
                .orElse(quota);
        return Math.max(0, left);
    }

    /**
     * What each of the users stores, for admins.
     *
     * @param userIds the users (a page of them)
     * @return by user id; users that do not exist are left out
     */
    @Transactional(readOnly = true)
    public Map<UUID, Usage> usageOf(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Usage> usage = new HashMap<>();
        jdbc.sql("""
                        SELECT u.id, COALESCE(u.quota_bytes, :quota) AS quota, COALESCE(s.used_bytes, 0) AS charged,
                               f.files, COALESCE(f.bytes, 0) AS bytes, f.trashed,
                               COALESCE(f.trashed_bytes, 0) AS trashed_bytes,
                               v.versions, COALESCE(v.version_bytes, 0) AS version_bytes
                        FROM users u
                        LEFT JOIN storage_usage s ON s.user_id = u.id
                        CROSS JOIN LATERAL (
                            SELECT count(*) AS files, sum(b.size) AS bytes,
                                   count(*) FILTER (WHERE fi.trashed_at IS NOT NULL) AS trashed,
                                   sum(b.size) FILTER (WHERE fi.trashed_at IS NOT NULL) AS trashed_bytes
                            FROM files fi JOIN blobs b ON b.sha256 = fi.blob_sha256
                            WHERE fi.owner_id = u.id) f
                        CROSS JOIN LATERAL (
                            SELECT count(*) AS versions, sum(b.size) AS version_bytes
                            FROM file_versions fv JOIN files fi ON fi.id = fv.file_id
                            JOIN blobs b ON b.sha256 = fv.blob_sha256
                            WHERE fi.owner_id = u.id) v
                        WHERE u.id IN (:ids)
                        """)
                .param("ids", List.copyOf(userIds))
                .param("quota", quota)
                .query((rs, row) -> usage.put(
                        rs.getObject("id", UUID.class),
                        new Usage(
                                rs.getLong("files"),
                                rs.getLong("bytes"),
                                rs.getLong("trashed"),
                                rs.getLong("trashed_bytes"),
                                rs.getLong("versions"),
                                rs.getLong("version_bytes"),
                                rs.getLong("charged"),
                                rs.getLong("quota"))))
                .list();
        return usage;
    }

    /**
     * What one user stores.
     *
     * @param files their files, in the trash or not
     * @param bytes the sizes of those files
     * @param trashedFiles of those, the ones in the trash
     * @param trashedBytes their sizes
     * @param versions earlier versions kept of their files
     * @param versionBytes their sizes
     * @param chargedBytes what counts against the quota: their files and the declared lengths of their resumable
     *     uploads in progress
     * @param quotaBytes their quota (their own, or the deployment's)
     */
    public record Usage(
            long files,
            long bytes,
            long trashedFiles,
            long trashedBytes,
            long versions,
            long versionBytes,
            long chargedBytes,
            long quotaBytes) {}

    /** How many files every user may keep. */
    public long maxFiles() {
        return maxFiles;
    }

    /** How many more files the user may keep; a hint for refusing early, not a reservation. */
    public long filesRemaining(UUID userId) {
        long count = jdbc.sql("SELECT file_count FROM storage_usage WHERE user_id = :user")
                .param("user", userId)
                .query(Long.class)
                .optional()
                .orElse(0L);
        return Math.max(0, maxFiles - count);
    }

    /**
     * Locks the user's usage row until the transaction ends (creating it on first use), so one user's commits happen
     * one at a time; returns the bytes used. A user's removal takes this lock first, so once it is held the user stays
     * until the transaction ends.
     *
     * @throws SessionRequired when the user is gone (deleted by an admin or by themselves while their request ran):
     *     their sessions went with them, so the request is refused as every later one with that token is
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long lock(UUID userId) {
        // one statement: the row is created, or the existing one locked (the no-op update takes its lock). When a
        // removal that held the lock deleted the row and the user before letting go, the insert is tried again and
        // fails on the foreign key
        try {
            return jdbc.sql("""
                            INSERT INTO storage_usage (user_id) VALUES (:user)
                            ON CONFLICT (user_id) DO UPDATE SET used_bytes = storage_usage.used_bytes
                            RETURNING used_bytes
                            """).param("user", userId).query(Long.class).single();
        } catch (DataIntegrityViolationException e) {
            // the user row is gone (the foreign key); the transaction is spoilt anyway and rolls back
            throw userGone();
        }
    }

    static SessionRequired userGone() {
        return new SessionRequired(
                "Your account was deleted while this request ran, and its sessions with it; nothing was stored.");
    }

    /**
     * Adds {@code delta} bytes (negative to release) to what the user uses, in the caller's transaction.
     *
     * @throws QuotaExceeded when a positive delta would take the user over the quota; nothing changes then
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void charge(UUID userId, long delta) {
        if (!add(userId, "used_bytes", delta, quota)) {
            throw rejected(userId);
        }
    }

    /**
     * Adds {@code files} to the user's file count and {@code bytes} to what they use (either negative to give back), in
     * one statement, in the caller's transaction, which holds the user's {@link #lock}. The file count is checked
     * first, as {@link #countFiles} then {@link #charge} would.
     *
     * @throws ApiException {@code FILE_COUNT_EXCEEDED} when positive {@code files} would give the user more files than
     *     {@link #maxFiles()}; nothing changes then
     * @throws QuotaExceeded when positive {@code bytes} would take the user over the quota; nothing changes then
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void chargeLocked(UUID userId, long files, long bytes) {
        if (files == 0 && bytes == 0) {
            return;
        }
        int updated = jdbc.sql("""
                        UPDATE storage_usage SET file_count = file_count + :files, used_bytes = used_bytes + :bytes
                        WHERE user_id = :user
                          AND (:files <= 0 OR file_count + :files <= :maxFiles)
                          AND (:bytes <= 0 OR used_bytes + :bytes
                                   <= COALESCE((SELECT quota_bytes FROM users WHERE id = :user), :quota))
                        """)
                .param("user", userId)
                .param("files", files)
                .param("bytes", bytes)
                .param("maxFiles", maxFiles)
                .param("quota", quota)
                .update();
        if (updated > 0) {
            return;
        }
        long count = jdbc.sql("SELECT file_count FROM storage_usage WHERE user_id = :user")
                .param("user", userId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new IllegalStateException("chargeLocked without the user's lock"));
        if (files > 0 && count + files > maxFiles) {
            throw tooManyFiles();
        }
        throw rejected(userId);
    }

    /**
     * Adds {@code delta} files (negative to give places back) to the user's count, in the caller's transaction.
     *
     * @throws ApiException {@code FILE_COUNT_EXCEEDED} when a positive delta would give the user more files than {@link #maxFiles()}; nothing
     *     changes then
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void countFiles(UUID userId, long delta) {
        if (!add(userId, "file_count", delta, maxFiles)) {
            throw tooManyFiles();
        }
    }

    /**
     * Adds {@code delta} to one of the user's usage columns unless a positive delta would take it over {@code limit};
     * returns whether it was added (a zero or negative delta always is).
     */
    private boolean add(UUID userId, String column, long delta, long limit) {
        if (delta == 0) {
            return true;
        }
        jdbc.sql("INSERT INTO storage_usage (user_id) VALUES (:user) ON CONFLICT (user_id) DO NOTHING")
                .param("user", userId)
                .update();
        // the byte quota is the user's own when an admin set one
        String limitExpression = column.equals("used_bytes")
                ? "COALESCE((SELECT quota_bytes FROM users WHERE id = :user), :limit)"
                : ":limit";
        String update = """
                UPDATE storage_usage SET %1$s = %1$s + :delta
                WHERE user_id = :user AND (:delta <= 0 OR %1$s + :delta <= %2$s)
                """.formatted(column, limitExpression); // column is "used_bytes" or "file_count", never input
        int updated = jdbc.sql(update)
                .param("user", userId)
                .param("delta", delta)
                .param("limit", limit)
                .update();
        return updated > 0;
    }

    /**
     * Takes what a resumable upload holds, in the caller's transaction: a place among the user's files, then its bytes.
     *
     * @throws ApiException {@code FILE_COUNT_EXCEEDED} when the user has no place left; nothing changes then
     * @throws QuotaExceeded when the bytes do not fit; the caller's transaction must roll back then
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reserve(UUID userId, Reservation reservation) {
        countFiles(userId, reservation.files());
        charge(userId, reservation.bytes());
    }

    /** Gives back what a resumable upload held, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void release(UUID userId, Reservation reservation) {
        charge(userId, -reservation.bytes());
        countFiles(userId, -reservation.files());
    }

    /**
     * What a user's storage holds, as {@code GET /api/v1/me/usage} shows it.
     *
     * @param usedBytes what counts toward the quota: files, versions, the trash and resumable uploads in progress
     * @param filesBytes the current content of files outside the trash
     * @param versionsBytes earlier contents of files outside the trash
     * @param trashBytes files in the trash, with their earlier contents
     * @param fileCount files (in the trash too) and resumable uploads in progress, as counted against the file limit
     */
    public record Breakdown(
            long usedBytes,
            long quotaBytes,
            long filesBytes,
            long versionsBytes,
            long trashBytes,
            long fileCount,
            long maxFiles) {}

    /** The user's usage, read from their rows (the breakdown) and their usage row (what is charged). */
    @Transactional(readOnly = true)
    public Breakdown breakdown(UUID userId) {
        return jdbc.sql("""
                        WITH owned AS (
                            SELECT f.id, f.trashed_at IS NOT NULL AS trashed, b.size
                            FROM files f JOIN blobs b ON b.sha256 = f.blob_sha256 WHERE f.owner_id = :user),
                        versions AS (
                            SELECT o.trashed, b.size FROM owned o
                            JOIN file_versions v ON v.file_id = o.id JOIN blobs b ON b.sha256 = v.blob_sha256)
                        SELECT coalesce((SELECT used_bytes FROM storage_usage WHERE user_id = :user), 0) AS used,
                               coalesce((SELECT quota_bytes FROM users WHERE id = :user), :quota) AS quota,
                               coalesce((SELECT file_count FROM storage_usage WHERE user_id = :user), 0) AS files,
                               coalesce((SELECT sum(size) FROM owned WHERE NOT trashed), 0) AS files_bytes,
                               coalesce((SELECT sum(size) FROM versions WHERE NOT trashed), 0) AS versions_bytes,
                               coalesce((SELECT sum(size) FROM owned WHERE trashed), 0)
                                 + coalesce((SELECT sum(size) FROM versions WHERE trashed), 0) AS trash_bytes
                        """)
                .param("user", userId)
                .param("quota", quota)
                .query((rs, row) -> new Breakdown(
                        rs.getLong("used"),
                        rs.getLong("quota"),
                        rs.getLong("files_bytes"),
                        rs.getLong("versions_bytes"),
                        rs.getLong("trash_bytes"),
                        rs.getLong("files"),
                        maxFiles))
                .single();
    }

    /** Counts and returns the refusal for a file beyond the file-count limit. */
    public ApiException tooManyFiles() {
        fileCountRejections.increment();
        return ApiError.FILE_COUNT_EXCEEDED.exception(
                "You have " + maxFiles + " files (resumable uploads in progress included), the"
                        + " most one user may keep; delete some to store new ones.");
    }

    /** Counts and returns the refusal for an upload that would not fit, naming the user's own quota. */
    public QuotaExceeded rejected(UUID userId) {
        rejections.increment();
        long own = jdbc.sql("SELECT COALESCE(quota_bytes, :quota) FROM users WHERE id = :user")
                .param("user", userId)
                .param("quota", quota)
                .query(Long.class)
                .optional()
                .orElse(quota);
        return new QuotaExceeded("This would take you over your storage quota of " + ByteSizes.describe(own)
                + "; delete some files to store new ones.");
    }
}
