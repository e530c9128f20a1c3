package dev.filesys.balancer.webapp;

import dev.filesys.balancer.registry.ServerRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The page a browser shows at a public link's address ({@code /l/{token}}), for someone without an account: the
 * file's name, size and expiry with a "Download" button, a folder's files, a password form, or "this link does not
 * work". It is static (the web app's {@code link.html} and its module); the script reads the link through the same
 * address with {@code Accept: application/json}, which the balancer redirects to a file-service as always.
 *
 * <p>Only a browser's navigation gets it: a {@code GET} (or {@code HEAD}) whose {@code Accept} names
 * {@code text/html} and whose address has no query. Programs (curl, wget, the JDK client: no {@code text/html}) and
 * any request with a query ({@code ?download}, {@code ?fileId=}, {@code ?access=}, …) get the redirect as before.
 */
@Component
public class LinkPage {

    private final Resource page = new ClassPathResource(WebAppConfiguration.LOCATION + "link.html");
    private final ServerRegistry registry;

    LinkPage(ServerRegistry registry) {
        this.registry = registry;
    }

    /** Whether the request is a browser opening a link's address, which gets the page instead of the redirect. */
    public static boolean wanted(HttpServletRequest request) {
        String method = request.getMethod();
        if (!(method.equals("GET") || method.equals("HEAD"))) {
            return false;
        }
        String query = request.getQueryString();
        if (query != null && !query.isEmpty()) {
            return false;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        return accepted.stream()
                .anyMatch(type -> type.getType().equals("text")
                        && type.getSubtype().equals("html")
                        && type.getQualityValue() > 0);
    }

    /**
     * The page, with the web app's security headers, never stored (its address holds the token).
     *
     * @param wellFormed whether the token could be one; when it cannot, the page comes with {@code 404} (and shows
     *     that the link does not work)
     */
    public ResponseEntity<Resource> response(boolean wellFormed, HttpServletResponse response) {
        WebAppHeaders.apply(response, registry.servers());
        return ResponseEntity.status(wellFormed ? HttpStatus.OK : HttpStatus.NOT_FOUND)
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .varyBy(HttpHeaders.ACCEPT)
                .body(page);
    }
}
