package dev.filesys.file.files;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.blobs.BlobQuarantined;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Files as a caller last read them for a download (the row, its blob's record, and the caller's access to it), so that
 * reading one small file again and again does not query the database each time. The same rule as for sessions: an
 * entry is served for at most {@code filesys.sessions.max-staleness} after it was read, never past the expiry of the
 * share that gave the access, and only while this instance listens for the cluster's events; every announced change of
 * files, folders or shares (an unshare, a delete, a move, a trash or restore, new content, a session or user ended)
 * drops every entry, on the instance that made it as it commits and on every other when the announcement arrives.
 *
 * <p>Only answers that found a file with a blob in service are kept: a file that is not there (or not for this caller),
 * or whose blob is quarantined, is looked up each time, so a new share, an upload or a healed blob is seen at once.
 */
@Component
public class FileReadCache implements SchedulingConfigurer {

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final long maxStalenessNanos;
    private final Clock clock;
    private volatile boolean listening;

    FileReadCache(FileServiceProperties properties, Clock clock) {
        this.maxStalenessNanos = properties.sessions().maxStaleness().toNanos();
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        if (maxStalenessNanos > 0) {
            Duration every = Duration.ofNanos(maxStalenessNanos);
            tasks.addFixedDelayTask(new FixedDelayTask(this::evictStale, every, every));
        }
    }

    /** As {@code SessionCache#listening}: nothing is served while this instance does not hear the cluster's events. */
    public void listening(boolean listening) {
        this.listening = listening;
        forgetAll();
    }

    /**
     * A blob this instance found damaged is out of service: the files referencing it are read again (other instances
     * learn of it within the bound, and never serve its bytes meanwhile: they check every byte they send).
     */
    @EventListener
    void on(BlobQuarantined event) {
        forgetAll();
    }

    /** Drops every entry: something about files, folders, shares or users changed. */
    public void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    /** The position to pass to {@link #remember} for a row about to be read. */
    long generation() {
        return generation.get();
    }

    Optional<FileRecord> find(UUID user, UUID fileId) {
        if (!listening || maxStalenessNanos <= 0) {
            return Optional.empty();
        }
        Entry entry = entries.get(new Key(user, fileId));
        if (entry == null || System.nanoTime() - entry.readAtNanos() >= maxStalenessNanos) {
            return Optional.empty();
        }
        if (entry.file().sharedUntil() != null
                && !clock.instant().isBefore(entry.file().sharedUntil())) {
            return Optional.empty();
        }
        return Optional.of(entry.file());
    }

    /**
     * Keeps a file as read for {@code user}, unless something was invalidated since {@code readGeneration} or its blob
     * is out of service.
     */
    void remember(UUID user, FileRecord file, long readGeneration, long readAtNanos) {
        if (!listening || maxStalenessNanos <= 0 || generation.get() != readGeneration || file.quarantined()) {
            return;
        }
        Key key = new Key(user, file.id());
        Entry entry = new Entry(file, readAtNanos);
        entries.put(key, entry);
        if (generation.get() != readGeneration) {
            entries.remove(key, entry);
        }
    }

    /** Removes entries past the bound, so the map holds only files read within it. */
    void evictStale() {
        long now = System.nanoTime();
        entries.values().removeIf(entry -> now - entry.readAtNanos() >= maxStalenessNanos);
    }

    private record Key(UUID user, UUID fileId) {}

    private record Entry(FileRecord file, long readAtNanos) {}
}
