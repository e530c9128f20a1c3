package dev.filesys.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CORS for the pages of the configured origins: the web app, served by the balancer (or the edge), calls the
 * file-services, which are other origins. Answers preflights, and marks the answers to allowed origins readable,
 * including the headers clients read ({@code Location}, {@code ETag}, {@code Content-Disposition}, {@code Retry-After},
 * the tus headers…).
 *
 * <p>A request from an origin that is not allowed gets no CORS header at all, so the browser withholds the answer from
 * the page; it is otherwise served as usual, because the same request from a program (which the browser's rules do not
 * bind) could be made anyway, and a same-origin request behind a proxy that does not pass on its host may look
 * cross-origin to the service. Its preflight is answered {@code 403 CORS_ORIGIN_NOT_ALLOWED}. Credentials (cookies) are
 * never allowed: every API takes its session in the {@code Authorization} header.
 */
public class CrossOriginFilter extends OncePerRequestFilter {

    /** What pages may send: the session header, the content headers, tus', ranges and conditions, event resumption. */
    static final List<String> ALLOWED_HEADERS = List.of(
            HttpHeaders.AUTHORIZATION,
            HttpHeaders.CONTENT_TYPE,
            HttpHeaders.ACCEPT,
            HttpHeaders.RANGE,
            HttpHeaders.IF_RANGE,
            HttpHeaders.IF_NONE_MATCH,
            HttpHeaders.IF_MATCH,
            "Last-Event-ID",
            "Tus-Resumable",
            "Upload-Length",
            "Upload-Offset",
            "Upload-Metadata",
            "Upload-Checksum",
            "Upload-Defer-Length",
            "X-HTTP-Method-Override",
            "X-Checksum-SHA256",
            RequestIdFilter.HEADER);

    /** What pages may read beyond the CORS-safelisted response headers. */
    static final List<String> EXPOSED_HEADERS = List.of(
            HttpHeaders.LOCATION,
            HttpHeaders.ETAG,
            HttpHeaders.CONTENT_DISPOSITION,
            HttpHeaders.CONTENT_RANGE,
            HttpHeaders.ACCEPT_RANGES,
            HttpHeaders.RETRY_AFTER,
            HttpHeaders.WWW_AUTHENTICATE,
            "Upload-Offset",
            "Upload-Length",
            "Upload-Expires",
            "Upload-Metadata",
            "Tus-Resumable",
            "Tus-Version",
            "Tus-Extension",
            "Tus-Max-Size",
            "Tus-Checksum-Algorithm",
            "X-File-Id",
            RequestIdFilter.HEADER);

    static final List<String> ALLOWED_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final AllowedOrigins origins;
    private final Duration maxAge;
    private final DefaultCorsProcessor processor = new ProblemCorsProcessor();

    /**
     * @param origins the origins whose pages may read the answers
     * @param maxAge how long a browser may keep a preflight's answer
     */
    public CrossOriginFilter(AllowedOrigins origins, Duration maxAge) {
        this.origins = origins;
        this.maxAge = maxAge;
    }

    /**
     * The filter, registered right after {@link RequestIdFilter} (so refused preflights carry a request id too) and
     * before anything that could answer a preflight as an ordinary {@code OPTIONS} request (tus discovery).
     */
    public static FilterRegistrationBean<CrossOriginFilter> registration(
            CorsSettings settings, AllowedOrigins origins) {
        return WebSupport.registered(new CrossOriginFilter(origins, settings.maxAge()), RequestIdFilter.ORDER + 1);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || !CorsUtils.isCorsRequest(request)) {
            chain.doFilter(request, response);
            return;
        }
        boolean preflight = CorsUtils.isPreFlightRequest(request);
        if (!origins.allows(origin)) {
            if (preflight) {
                writeProblem(
                        response,
                        "CORS_ORIGIN_NOT_ALLOWED",
                        "Pages of this origin may not call this service; its allowed origins are configured with"
                                + " FILESYS_CORS_ALLOWED_ORIGINS.");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (!processor.processRequest(configuration(origin), request, response) || preflight) {
            return;
        }
        chain.doFilter(request, response);
    }

    private CorsConfiguration configuration(String origin) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(List.of(origin));
        configuration.setAllowedMethods(ALLOWED_METHODS);
        configuration.setAllowedHeaders(ALLOWED_HEADERS);
        configuration.setExposedHeaders(EXPOSED_HEADERS);
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(maxAge);
        return configuration;
    }

    /** The problem a refused preflight gets, instead of Spring's plain-text "Invalid CORS request". */
    static void writeProblem(HttpServletResponse response, String code, String detail) throws IOException {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(forbidden(code, detail));
    }

    /** The JSON of a {@code 403} problem with {@code code} and {@code detail}. */
    private static String forbidden(String code, String detail) {
        return "{\"type\":\"https://filesys.dev/problems/"
                + code.toLowerCase(Locale.ROOT).replace('_', '-')
                + "\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"" + detail + "\",\""
                + ApiException.CODE + "\":\"" + code + "\"}";
    }

    /** Spring's CORS rules, refusing a method or header that is not allowed with a problem body. */
    private static final class ProblemCorsProcessor extends DefaultCorsProcessor {

        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            response.setStatusCode(HttpStatus.FORBIDDEN);
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            String detail = "This cross-origin request uses a method or header this service does not accept from"
                    + " browsers.";
            response.getBody()
                    .write(forbidden("CORS_REQUEST_NOT_ALLOWED", detail).getBytes(StandardCharsets.UTF_8));
            response.flush();
        }
    }
}
