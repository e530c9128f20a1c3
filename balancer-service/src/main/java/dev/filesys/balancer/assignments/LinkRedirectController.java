package dev.filesys.balancer.assignments;

import dev.filesys.balancer.BalancerProperties;
import dev.filesys.balancer.webapp.LinkPage;
import dev.filesys.support.ApiError;
import dev.filesys.support.Rate;
import dev.filesys.support.TokenBuckets;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The stable address of a public link, {@code /l/{token}}: the balancer keeps no links (it has no database), so it
 * sends the holder on to a file-service that says it is available, chosen as for an assignment, with the path and
 * query kept; the file-service checks the token and serves the bytes. A redirect only ever names a known server's
 * public URL, never anything from the request. A token that cannot be one is refused here already. A browser opening
 * the address gets the page that shows the link instead ({@link LinkPage}).
 */
@RestController
@Tag(name = "Public links", description = "The stable address of a public link")
class LinkRedirectController {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final AssignmentService assignments;
    private final LinkPage page;
    private final TokenBuckets perAddress;

    LinkRedirectController(AssignmentService assignments, LinkPage page, BalancerProperties properties) {
        this.assignments = assignments;
        this.page = page;
        BalancerProperties.Limits limits = properties.limits();
        this.perAddress = new TokenBuckets(
                new Rate(limits.assignmentsBurst(), limits.assignmentsEvery()), limits.trackedAddresses());
    }

    @Operation(
            operationId = "redirectLink",
            summary = "Open a public link",
            description = "302 to the same path and query at an available file-service, which answers it (see the"
                    + " file-service's openLink). HEAD alike. A browser's navigation (Accept names text/html, no"
                    + " query) gets the page that shows the link instead; ?download (any query) always redirects.")
    @ApiResponse(
            responseCode = "200",
            description = "A browser's navigation: the page that shows the link (it reads the link through this"
                    + " address with Accept: application/json)",
            content = @Content(mediaType = "text/html", schema = @Schema(type = "string")))
    @ApiResponse(
            responseCode = "302",
            description = "Go to the file-service",
            headers =
                    @Header(
                            name = "Location",
                            description = "{serverUrl}/l/{token}?{query}",
                            schema = @Schema(type = "string", format = "uri")))
    @ApiResponse(
            responseCode = "404",
            description = "LINK_NOT_FOUND: not a link's token (a browser's navigation: the page, which says so)")
    @ApiResponse(
            responseCode = "429",
            description = "RATE_LIMITED: too many from your address (the assignments' allowance)",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")))
    @ApiResponse(
            responseCode = "503",
            description = "NO_SERVER_AVAILABLE",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")))
    @GetMapping("/l/{token}")
    ResponseEntity<?> open(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        if (LinkPage.wanted(request)) {
            return page.response(wellFormed(token), response);
        }
        return redirect(token, "", HttpStatus.FOUND, request);
    }

    @Operation(
            operationId = "redirectLinkUnlock",
            summary = "Give a public link's password",
            description = "307 (method and body kept) to the same path at an available file-service.")
    @ApiResponse(
            responseCode = "307",
            description = "Go to the file-service",
            headers =
                    @Header(
                            name = "Location",
                            description = "{serverUrl}/l/{token}/unlock",
                            schema = @Schema(type = "string", format = "uri")))
    @ApiResponse(responseCode = "404", description = "LINK_NOT_FOUND: not a link's token")
    @ApiResponse(responseCode = "429", description = "RATE_LIMITED")
    @ApiResponse(responseCode = "503", description = "NO_SERVER_AVAILABLE")
    @PostMapping("/l/{token}/unlock")
    ResponseEntity<Void> unlock(@PathVariable String token, HttpServletRequest request) {
        return redirect(token, "/unlock", HttpStatus.TEMPORARY_REDIRECT, request);
    }

    private ResponseEntity<Void> redirect(String token, String rest, HttpStatus status, HttpServletRequest request) {
        if (!wellFormed(token)) {
            throw ApiError.LINK_NOT_FOUND.exception("No such link, or it no longer works.");
        }
        perAddress.take(TokenBuckets.addressKey(request.getRemoteAddr()), "link redirects");
        String base = assignments.serverUrl(WAIT).replaceAll("/+$", "");
        String query = request.getQueryString();
        URI location;
        try {
            location = URI.create(base + "/l/" + token + rest + (query == null || !rest.isEmpty() ? "" : "?" + query));
        } catch (IllegalArgumentException e) {
            throw ApiError.INVALID_REQUEST.exception("The query string is not a valid URI query.");
        }
        return ResponseEntity.status(status)
                .location(location)
                .cacheControl(CacheControl.noStore())
                .varyBy(HttpHeaders.ACCEPT)
                .build();
    }

    private static boolean wellFormed(String token) {
        return token.length() == 43 && TOKEN.matcher(token).matches();
    }
}
