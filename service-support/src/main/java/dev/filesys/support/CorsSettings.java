package dev.filesys.support;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which web pages, by origin, may call a service from a browser (CORS), as each service's settings carry it
 * ({@code filesys.cors.*} on a file-service, {@code filesys.balancer.cors.*} on the balancer; both also read
 * {@code FILESYS_CORS_ALLOWED_ORIGINS}).
 *
 * @param allowedOrigins origins such as {@code https://files.example.com} or {@code http://127.0.0.1:8080}, exactly
 *     (scheme, host and port; no paths, no wildcards); empty: the service's default for the local system (the
 *     balancer's own origin on 127.0.0.1, localhost and [::1])
 * @param maxAge how long a browser may cache a preflight's answer
 */
public record CorsSettings(
        List<String> allowedOrigins,
        @NotNull @DefaultValue("10m") Duration maxAge) {

    public CorsSettings {
        allowedOrigins = allowedOrigins == null
                ? List.of()
                : allowedOrigins.stream()
                        .map(String::strip)
                        .filter(origin -> !origin.isEmpty())
                        .toList();
    }

    /** Whether origins were configured (otherwise the service's local default applies). */
    public boolean configured() {
        return !allowedOrigins.isEmpty();
    }
}
