package dev.filesys.support;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Per-key token buckets in memory, one {@link Rate} for all keys (typically client addresses). Memory is bounded: at most
 * {@code maxKeys} buckets are kept, the least recently used go first, and a bucket unused long enough to be full again
 * is dropped (forgetting it changes nothing). Each instance counts on its own: behind several replicas a client gets
 * the allowance once per replica.
 */
public final class TokenBuckets {

    private final Rate rate;
    private final long nanosPerToken;
    private final LongSupplier nanoTime;
    private final Cache<String, Bucket> buckets;

    public TokenBuckets(Rate rate, long maxKeys) {
        this(rate, maxKeys, System::nanoTime);
    }

    TokenBuckets(Rate rate, long maxKeys, LongSupplier nanoTime) {
        this.rate = rate;
        this.nanosPerToken = rate.every().toNanos();
        this.nanoTime = nanoTime;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(rate.refillTime())
                .build();
    }

    /**
     * Takes a token from {@code key}'s bucket.
     *
     * @return empty when it had one; otherwise how long until it has one again
     */
    public Optional<Duration> tryTake(String key) {
        return waiting(buckets.get(key, k -> new Bucket(rate.burst(), nanoTime.getAsLong()))
                .take(nanoTime.getAsLong(), rate.burst(), nanosPerToken));
    }

    /**
     * As {@link #tryTake}, but throws.
     *
     * @param what what is limited, for the message ("assignments", "registrations")
     * @throws RateLimited when the bucket is empty
     */
    public void take(String key, String what) {
        Optional<Duration> wait = tryTake(key);
        if (wait.isPresent()) {
            throw new RateLimited(what, wait.get());
        }
    }

    /**
     * Puts back a token that {@link #tryTake} took for something that then did not happen (the bucket never holds more
     * than its burst). Nothing happens if the key's bucket has been dropped meanwhile: a new one starts full.
     */
    public void giveBack(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket != null) {
            bucket.giveBack(rate.burst());
        }
    }

    /** Whether {@code key}'s bucket is empty now (without taking anything), and for how long. */
    public Optional<Duration> emptyFor(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        return bucket == null
                ? Optional.empty()
                : waiting(bucket.waitFor(nanoTime.getAsLong(), rate.burst(), nanosPerToken));
    }

    private static Optional<Duration> waiting(long nanos) {
        return nanos == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
    }

    /**
     * The key for a client address: the address itself for IPv4, its /64 network for IPv6 (one subscriber usually holds
     * a whole /64, so single IPv6 addresses would be free to vary). Text that is not an address is used as it is.
     */
    public static String addressKey(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            String literal = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
            // a literal with ':' is parsed as an IPv6 address, never looked up in DNS
            InetAddress parsed = InetAddress.getByName(literal);
            if (parsed instanceof Inet6Address six) {
                return "v6:" + HexFormat.of().formatHex(six.getAddress(), 0, 8) + "::/64";
            }
            return parsed.getHostAddress();
        } catch (UnknownHostException | IllegalArgumentException e) {
            return address;
        }
    }

    /** How many keys are tracked now (for tests and metrics). */
    public long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /** One key's tokens, refilled lazily from the time that passed. */
    private static final class Bucket {

        private double tokens;
        private long updated;

        Bucket(int tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized long take(long now, int capacity, long nanosPerToken) {
            long wait = waitFor(now, capacity, nanosPerToken);
            if (wait == 0) {
                tokens -= 1;
            }
            return wait;
        }

        synchronized long waitFor(long now, int capacity, long nanosPerToken) {
            refill(now, capacity, nanosPerToken);
            return tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) * nanosPerToken));
        }

        synchronized void giveBack(int capacity) {
            tokens = Math.min(capacity, tokens + 1);
        }

        private void refill(long now, int capacity, long nanosPerToken) {
            long elapsed = now - updated;
            if (elapsed > 0) {
                tokens = Math.min(capacity, tokens + (double) elapsed / nanosPerToken);
                updated = now;
            }
        }
    }
}
