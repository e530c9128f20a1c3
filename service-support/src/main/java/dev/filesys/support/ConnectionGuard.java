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
 * Counts the open connections of each client address and refuses one beyond the cap as it is accepted (the trusted
 * proxies are not capped: every client behind them arrives from their addresses). Also counts what it closed, for the
 * metrics.
 */
final class ConnectionGuard {

    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

    private final int maxPerAddress;
    private final TrustedProxies trusted;
    private final Map<SocketChannel, InetAddress> open = new ConcurrentHashMap<>();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong headsTimedOut = new AtomicLong();
    private volatile long lastWarning;

    ConnectionGuard(int maxPerAddress, TrustedProxies trusted) {
        this.maxPerAddress = maxPerAddress;
        this.trusted = trusted;
    }

    /** @return whether the connection may stay; if so, {@link #closed} must follow when it closes */
    boolean admit(SocketChannel channel, InetAddress address) {
        if (address == null) {
            return true;
        }
        if (trusted.contains(address)) {
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
        if (address != null && !trusted.contains(address)) {
            release(address);
        }
    }

    private void release(InetAddress address) {
        perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    void headTimedOut() {
        headsTimedOut.incrementAndGet();
    }

    long refused() {
        return refused.get();
    }

    long headsTimedOut() {
        return headsTimedOut.get();
    }
}
