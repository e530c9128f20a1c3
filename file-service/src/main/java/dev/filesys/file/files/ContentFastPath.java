package dev.filesys.file.files;

import dev.filesys.file.sessions.CurrentSession;
import dev.filesys.file.sessions.SessionService;
import dev.filesys.support.BearerToken;
import dev.filesys.support.RequestIdFilter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Answers the most frequent request of all, a plain {@code GET /api/v1/files/{fileId}/content}, without Spring MVC's
 * dispatch (handler lookup over every mapping, interceptors, argument resolvers), which costs a small download more
 * than the download itself. It runs after every other filter, so the request still has its id, its log line, its
 * trace and {@code http.server.requests} observation, its cross-origin headers and its gates.
 *
 * <p>It answers only when everything is known from memory and nothing is unusual: a {@code GET} without a query,
 * without {@code Range} or any conditional header, with a bearer token whose session {@link SessionService} holds in
 * memory (logged in, no password change pending), for a file {@link FileReadCache} holds for that user. The answer is
 * {@link DownloadResponder}'s, the very code the controller calls, so status, headers and body are the same by
 * construction (and every byte is checked as there). Anything else, and any refusal {@link DownloadResponder} raises
 * before the first header is written (a missing or damaged blob), goes on to the controller, which answers as it
 * always does: every error is the controller's own. The file's request counter ({@code filesys.files.requests},
 * operation {@code download}) is kept as the controller's interceptor keeps it.
 */
final class ContentFastPath extends OncePerRequestFilter {

    /** The controller's path template, for the log line's {@code http.route} and the observation's {@code uri}. */
    static final String ROUTE = "/api/v1/files/{fileId}/content";

    /** The controller method's name, the operation its request counter is tagged with. */
    private static final String OPERATION = "download";

    private static final String PREFIX = "/api/v1/files/";
    private static final String SUFFIX = "/content";
    private static final int UUID_LENGTH = 36;
    private static final String[] FALLBACK_HEADERS = {
        HttpHeaders.RANGE,
        HttpHeaders.IF_RANGE,
        HttpHeaders.IF_NONE_MATCH,
        HttpHeaders.IF_MATCH,
        HttpHeaders.IF_MODIFIED_SINCE,
        HttpHeaders.IF_UNMODIFIED_SINCE
    };

    /*
     * Looked up at the first request: filters are made while the web server starts, before the persistence the
     * sessions and files rest on is ready.
     */
    private final Supplier<SessionService> sessions;
    private final Supplier<FileReadCache> files;
    private final Supplier<DownloadResponder> downloads;
    private final RequestMetrics metrics;
    private final Counter served;

    ContentFastPath(
            Supplier<SessionService> sessions,
            Supplier<FileReadCache> files,
            Supplier<DownloadResponder> downloads,
            RequestMetrics metrics,
            MeterRegistry meters) {
        this.sessions = SingletonSupplier.of(sessions);
        this.files = SingletonSupplier.of(files);
        this.downloads = SingletonSupplier.of(downloads);
        this.metrics = metrics;
        this.served = Counter.builder("filesys.files.downloads.fast")
                .description("Downloads answered from memory without Spring MVC's dispatch")
                .register(meters);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        FileRecord file = plainDownload(request);
        if (file == null || !answer(file, request, response)) {
            chain.doFilter(request, response);
        }
    }

    /** The file a plain download asks for, when memory knows it and the caller may read it; null otherwise. */
    private FileRecord plainDownload(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || request.getQueryString() != null) {
            return null;
        }
        UUID fileId = fileId(request);
        if (fileId == null) {
            return null;
        }
        for (String header : FALLBACK_HEADERS) {
            if (request.getHeader(header) != null) {
                return null;
            }
        }
        String token =
                BearerToken.from(request.getHeader(HttpHeaders.AUTHORIZATION)).orElse(null);
        Optional<CurrentSession> session = sessions.get().authenticateFromMemory(token);
        if (session.isEmpty() || session.get().userId() == null || session.get().mustChangePassword()) {
            return null;
        }
        UUID user = session.get().userId();
        FileRecord file = files.get().find(user, fileId).orElse(null);
        if (file == null || file.quarantined()) {
            return null;
        }
        RequestIdFilter.identifyUser(request, user);
        return file;
    }

    /** The id in {@code /api/v1/files/{id}/content}, or null for any other path. */
    private static UUID fileId(HttpServletRequest request) {
        String uri = request.getRequestURI();
        int start = request.getContextPath().length();
        if (uri.length() != start + PREFIX.length() + UUID_LENGTH + SUFFIX.length()
                || !uri.startsWith(PREFIX, start)
                || !uri.endsWith(SUFFIX)) {
            return null;
        }
        try {
            return UUID.fromString(uri.substring(start + PREFIX.length(), start + PREFIX.length() + UUID_LENGTH));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Sends the file as the controller would; false, with no byte of the body kept, when sending failed before the
     * response was committed (a refusal {@link DownloadResponder} raises before the first header, a blob that failed
     * its check within the buffered first bytes), so that the controller answers, as it would have: the headers set so
     * far are the ones it sets again.
     */
    private boolean answer(FileRecord file, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, ROUTE);
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(observation -> observation.setPathPattern(ROUTE));
        try {
            downloads.get().send(file, request, response);
        } catch (IOException | RuntimeException failure) {
            if (!response.isCommitted()) {
                response.resetBuffer();
                return false;
            }
            metrics.count(OPERATION, response.getStatus(), failure);
            throw failure;
        }
        metrics.count(OPERATION, response.getStatus(), null);
        served.increment();
        return true;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }
}
