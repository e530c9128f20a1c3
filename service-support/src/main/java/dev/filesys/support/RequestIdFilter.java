package dev.filesys.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is sane, a new one otherwise), returns it in the
 * response header, puts it in the logging context, and logs one line per request outcome. The line has the method, the
 * path without its query (queries may carry file names), the status and the time taken: never headers or bodies, so no
 * password, token or auth code reaches the log.
 *
 * <p>The same facts are on the line as key-value pairs, which structured (JSON) logging writes as fields of their own:
 * {@code http.method}, {@code http.route} (the path template that matched, e.g. {@code /api/v1/files/{id}}, absent
 * when none did), {@code url.path}, {@code http.status}, {@code duration.ms}, {@code request.id}, and {@code user.id}
 * when the service named the request's user ({@link #identifyUser}). The plain console format prints the message,
 * which says the same in words. The filter runs inside the server's tracing observation, so the line carries the
 * request's trace and span ids too.
 *
 * <p>The line is at INFO, except for the requests machines make all the time when they succeed — heartbeats and
 * availability polls under {@code /internal/}, health probes and metric scrapes — which are at DEBUG: an idle system
 * would otherwise log a line every few seconds per server and bury what people read the log for. A refused or failed
 * one is at INFO like any other request.
 */
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    /**
     * Where the filter runs: right after Spring MVC's server observation ({@code HIGHEST_PRECEDENCE + 1}), which opens
     * the request's trace span from its {@code traceparent}, so the line this filter logs at the end carries the trace
     * id; and after the forwarded headers ({@code HIGHEST_PRECEDENCE}), so the path is the client's.
     */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    /** The request attribute {@link #identifyUser} sets. */
    private static final String USER_ATTRIBUTE = RequestIdFilter.class.getName() + ".user";

    private static final Logger log = LoggerFactory.getLogger("dev.filesys.requests");
    static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        String requestId = given != null && SANE.matcher(given).matches() ? given : newId();
        response.setHeader(HEADER, requestId);
        MDC.put(MDC_KEY, requestId);
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            long micros = (System.nanoTime() - start) / 1_000;
            logOutcome(request, response.getStatus(), micros / 1000.0, requestId);
            MDC.remove(MDC_KEY);
        }
    }

    /**
     * A random (version 4) UUID from the thread's own generator. A request id names a request in the log and is handed
     * to its client; it guards nothing, so it needs no cryptographic generator, and {@link UUID#randomUUID()}'s shared
     * {@code SecureRandom} is one lock every request would queue on.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    /**
     * Names the user a request acts as (an id, never a name or a credential), for its log line. Called by whatever
     * authenticates the request, once it knows.
     */
    public static void identifyUser(ServletRequest request, Object userId) {
        request.setAttribute(USER_ATTRIBUTE, userId.toString());
    }

    private static void logOutcome(HttpServletRequest request, int status, double millis, String requestId) {
        String path = request.getRequestURI();
        Level level = isRoutine(path, status) ? Level.DEBUG : Level.INFO;
        if (!log.isEnabledForLevel(level)) {
            return;
        }
        LoggingEventBuilder line = log.atLevel(level)
                .addKeyValue("http.method", request.getMethod())
                .addKeyValue("url.path", path)
                .addKeyValue("http.status", status)
                .addKeyValue("duration.ms", millis)
                .addKeyValue("request.id", requestId);
        // "/**" is the static resources' catch-all: what matched no endpoint
        if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String route
                && !route.equals("/**")) {
            line = line.addKeyValue("http.route", route);
        }
        if (request.getAttribute(USER_ATTRIBUTE) instanceof String user) {
            line = line.addKeyValue("user.id", user);
        }
        line.log("{} {} -> {} in {} ms [{}]", request.getMethod(), path, status, millis, requestId);
    }

    /** A successful heartbeat, availability poll, health probe or metrics scrape. */
    static boolean isRoutine(String path, int status) {
        return status < 400
                && (path.startsWith("/internal/")
                        || path.startsWith("/actuator/")
                        || path.equals("/livez")
                        || path.equals("/readyz"));
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }
}
