package dev.filesys.cli.client;

import java.net.URI;
import java.time.Duration;

/**
 * How the client talks to the system.
 *
 * @param balancer the balancer's base URL
 * @param connectTimeout how long a TCP connect may take before the server counts as not answering
 * @param requestTimeout how long a small request may take
 * @param transferTimeout how long one upload chunk or the start of a download may take
 * @param stallTimeout how long a transfer may stand still (no byte sent or received) before the server counts as
 *     not answering
 * @param failoverAttempts how many times one operation may move to another server
 * @param failoverWaitSeconds how long the balancer may look for a server during a fail-over ({@code waitSeconds})
 * @param chunkBytes the size of one tus {@code PATCH}; a fail-over repeats at most this much
 */
public record ClientSettings(
        URI balancer,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration transferTimeout,
        Duration stallTimeout,
        int failoverAttempts,
        int failoverWaitSeconds,
        int chunkBytes) {

    public static final int DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);

    public static ClientSettings defaults(URI balancer) {
        return withUserSettings(balancer, DEFAULT_STALL_TIMEOUT, DEFAULT_CHUNK_BYTES);
    }

    /** The defaults, but for what the user may set (through the environment). */
    public static ClientSettings withUserSettings(URI balancer, Duration stallTimeout, int chunkBytes) {
        return new ClientSettings(
                balancer,
                Duration.ofSeconds(3),
                Duration.ofSeconds(60),
                Duration.ofMinutes(5),
                stallTimeout,
                3,
                10,
                chunkBytes);
    }
}
