package dev.filesys.file.blobs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * The bytes of small blobs that were read whole and matched their CRC32C, kept in memory by digest, so that a small file
 * downloaded again and again is not opened, read and checked each time. A blob never changes once stored (its name is
 * the SHA-256 of its bytes), so an entry is never stale: a blob removed and stored again has the same bytes, and a file
 * whose blob is quarantined is refused before its bytes are asked for. What is served from here was checked when it was
 * read; bit rot on the disk afterwards does not reach it.
 *
 * <p>Bounded by the bytes it holds ({@code filesys.storage.small-blob-cache}; 0 turns it off), least recently used out
 * first. Its hits and misses are the {@code cache.gets} meters of {@code cache=small-blobs}.
 */
final class SmallBlobCache {

    /** The largest blob kept: one that fits a few network packets, where opening and checking the file dominates. */
    static final int MAX_BLOB_BYTES = 64 * 1024;

    /** What an entry costs besides its bytes (the key, the array header, the cache's node). */
    private static final int ENTRY_OVERHEAD = 200;

    private final @Nullable Cache<String, byte[]> cache;

    SmallBlobCache(DataSize capacity, MeterRegistry meters) {
        if (capacity.toBytes() <= 0) {
            this.cache = null;
            return;
        }
        this.cache = Caffeine.newBuilder()
                .maximumWeight(capacity.toBytes())
                .weigher((String sha256, byte[] bytes) -> bytes.length + ENTRY_OVERHEAD)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(meters, cache, "small-blobs");
    }

    /** Whether a blob of this size is kept here once read. */
    boolean keeps(long size) {
        return cache != null && size <= MAX_BLOB_BYTES;
    }

    /** The checked bytes of the blob, or null when they are not here. */
    byte @Nullable [] get(String sha256) {
        return cache == null ? null : cache.getIfPresent(sha256);
    }

    /** Keeps bytes that were just read whole and matched the blob's CRC32C and size. */
    void put(String sha256, byte[] checked) {
        if (cache != null) {
            cache.put(sha256, checked);
        }
    }
}
