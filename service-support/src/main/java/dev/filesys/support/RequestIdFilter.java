package dev.filesys.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is sane, a new one otherwise), returns it in the
 * response header, puts it in the logging context, and logs one line per request outcome. The line has the method, the
 * path without its query (queries may carry file names), the status and the time taken: never headers or bodies, so no
 * password, token or auth code reaches the log.
 *
 * <p>The line is at INFO, except for the requests machines make all the time when they succeed — heartbeats and
 * availability polls under {@code /internal/}, health probes and metric scrapes — which are at DEBUG: an idle system
 * would otherwise log a line every few seconds per server and bury what people read the log for. A refused or failed
 * one is at INFO like any other request.
 */
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    private static final Logger log = LoggerFactory.getLogger("dev.filesys.requests");
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        String requestId = given != null && SANE.matcher(given).matches()
                ? given
                : UUID.randomUUID().toString();
        response.setHeader(HEADER, requestId);
        MDC.put(MDC_KEY, requestId);
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            long micros = (System.nanoTime() - start) / 1_000;
            log.atLevel(isRoutine(request.getRequestURI(), response.getStatus()) ? Level.DEBUG : Level.INFO)
                    .log(
                            "{} {} -> {} in {} ms [{}]",
                            request.getMethod(),
                            request.getRequestURI(),
                            response.getStatus(),
                            micros / 1000.0,
                            requestId);
            MDC.remove(MDC_KEY);
        }
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
