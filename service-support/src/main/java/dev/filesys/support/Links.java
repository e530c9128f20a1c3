package dev.filesys.support;

import java.net.URI;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Absolute links to this service, as the client reached it: scheme, host, port and path prefix of the current request,
 * which behind a trusted edge proxy are the public ones ({@code https://files.example.com/s/file-service-0}, see
 * {@link ForwardedHeadersFilter}). A root-relative path such as {@code /api/v1/uploads/…} would lose the prefix.
 */
public final class Links {

    private Links() {}

    /**
     * @param path a path below the service's root, starting with {@code /}, already encoded
     * @return the absolute URL of {@code path} for the client of the current request
     */
    public static URI to(String path) {
        return URI.create(
                ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString() + path);
    }
}
