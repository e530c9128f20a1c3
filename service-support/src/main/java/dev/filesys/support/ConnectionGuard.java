package dev.filesys.support;

import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the open connections of each client address and refuses one beyond the cap as it is accepted (addresses of
 * the configured unlimited ranges, the trusted proxies, are not capped). Also counts what it closed, for the metrics.
 */
final class ConnectionGuard {

    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

    private final int maxPerAddress;
    private final AddressRanges unlimited;
    private final Map<SocketChannel, InetAddress> open = new ConcurrentHashMap<>();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong headsTimedOut = new AtomicLong();
    private volatile long lastWarning;

    ConnectionGuard(int maxPerAddress, AddressRanges unlimited) {
        this.maxPerAddress = maxPerAddress;
        this.unlimited = unlimited;
    }

    /** @return whether the connection may stay; if so, {@link #closed} must follow when it closes */
    boolean admit(SocketChannel channel, InetAddress address) {
        if (address == null) {
            return true;
        }
        if (unlimited.contains(address)) {
            open.put(channel, address);
            return true;
        }
        AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerAddress) {
            release(address);
            refused.incrementAndGet();
            long now = System.nanoTime();
            if (now - lastWarning > 10_000_000_000L) {
                lastWarning = now;
                log.warn(
                        "{} holds {} connections: more are refused (filesys connection cap per address)",
                        address.getHostAddress(),
                        maxPerAddress);
            }
            return false;
        }
        open.put(channel, address);
        return true;
    }

    /** A connection admitted earlier closed; closing one twice or one never admitted is harmless. */
    void closed(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        InetAddress address = open.remove(channel);
        if (address != null && !unlimited.contains(address)) {
            release(address);
        }
    }

    private void release(InetAddress address) {
        perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    void headTimedOut() {
        headsTimedOut.incrementAndGet();
    }

    /** Open connections of one address, as counted. */
    int openFrom(InetAddress address) {
        AtomicInteger count = perAddress.get(address);
        return count == null ? 0 : count.get();
    }

    long refused() {
        return refused.get();
    }

    long headsTimedOut() {
        return headsTimedOut.get();
    }
}
