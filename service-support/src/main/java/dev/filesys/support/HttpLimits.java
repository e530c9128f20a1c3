package dev.filesys.support;

import java.time.Duration;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * What a client may ask of a service's web server before the application sees the request, as each service configures
 * it (a bean of this type; without one, {@link #defaults()}).
 *
 * @param maxJsonBody the largest request body accepted anywhere but the streaming endpoints; checked before anything
 *     parses it, also when the client does not say the length (chunked)
 * @param streamingBodies the endpoints whose bodies stream and are not limited here, as {@code "METHOD /path/pattern"}
 *     (Spring path patterns, e.g. {@code "PATCH /api/v1/uploads/*"})
 * @param headerTimeout how long a connection may take to deliver a request line and headers, from its first byte (and
 *     how long a new connection may stay silent): a client that trickles its head is cut off at this deadline
 * @param maxConnectionsPerAddress open connections one client address may hold at once; more are closed as they are
 *     accepted. The service's {@link TrustedProxies} are exempt: every client behind them arrives from their addresses
 */
public record HttpLimits(
        DataSize maxJsonBody, List<String> streamingBodies, Duration headerTimeout, int maxConnectionsPerAddress) {

    public HttpLimits {
        streamingBodies = streamingBodies == null ? List.of() : List.copyOf(streamingBodies);
        if (maxJsonBody == null || maxJsonBody.toBytes() < 1) {
            throw new IllegalArgumentException("max-json-body must be at least 1 byte");
        }
        if (headerTimeout == null || !headerTimeout.isPositive()) {
            throw new IllegalArgumentException("header-timeout must be positive");
        }
        if (maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("max-connections-per-address must be at least 1");
        }
    }

    /** The defaults both services start from: 16 KiB bodies, 20 s to send a head, 256 connections per address. */
    public static HttpLimits defaults() {
        return new HttpLimits(DataSize.ofKilobytes(16), List.of(), Duration.ofSeconds(20), 256);
    }
}
