package dev.filesys.cli.client;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * The trace a command's requests belong to, sent as a W3C {@code traceparent} header
 * ({@code 00-<trace id>-<parent id>-00}) with every request the command makes: the balancer and the file-services log
 * each request with that trace id, so one id finds a whole command (assignment, handshake, upload, fail-over) in every
 * service's log. Each request gets a parent id of its own; the trace id stays the command's.
 *
 * <p>A one-shot command is one trace; the interactive shell starts a new one per command line ({@link #startCommand}).
 * The flags are {@code 00} (not sampled): the CLI records no spans, it only names the trace.
 */
public final class TraceContext {

    /** The W3C Trace Context header. */
    public static final String HEADER = "traceparent";

    private static final Random RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static volatile TraceContext current = newTrace();

    private final String traceId;

    private TraceContext(String traceId) {
        this.traceId = traceId;
    }

    /** Starts the trace of a new command; the requests it makes from now on carry its id. */
    public static TraceContext startCommand() {
        current = newTrace();
        return current;
    }

    /** The trace of the command that runs. */
    public static TraceContext current() {
        return current;
    }

    /** The 32 hex digits that identify the trace in every service's log. */
    public String traceId() {
        return traceId;
    }

    /** The header value for one request of this trace, with a parent id of its own. */
    public String traceparent() {
        return "00-" + traceId + "-" + randomHex(8) + "-00";
    }

    private static TraceContext newTrace() {
        return new TraceContext(randomHex(16));
    }

    /** Random bytes as hex, never all zeros (which W3C Trace Context reserves as invalid). */
    private static String randomHex(int bytes) {
        byte[] id = new byte[bytes];
        do {
            RANDOM.nextBytes(id);
        } while (Arrays.equals(id, new byte[bytes]));
        return HEX.formatHex(id);
    }
}
