package dev.filesys.file.files;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
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
        if (!add(userId, "used_bytes", delta, quota)) {
            throw rejected();
        }
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
        String update = """
                UPDATE storage_usage SET %1$s = %1$s + :delta
                WHERE user_id = :user AND (:delta <= 0 OR %1$s + :delta <= :limit)
                """.formatted(column); // column is "used_bytes" or "file_count", never input
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

    /** Counts and returns the refusal for a file beyond the file-count limit. */
    public ApiException tooManyFiles() {
        fileCountRejections.increment();
        return ApiError.FILE_COUNT_EXCEEDED.exception(
                "You have " + maxFiles + " files (resumable uploads in progress included), the"
                        + " most one user may keep; delete some to store new ones.");
    }

    /** Counts and returns the refusal for an upload that would not fit. */
    public QuotaExceeded rejected() {
        rejections.increment();
        return new QuotaExceeded("This would take you over your storage quota of " + ByteSizes.describe(quota) + ".");
    }
}
