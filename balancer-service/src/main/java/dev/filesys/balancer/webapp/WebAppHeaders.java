package dev.filesys.balancer.webapp;

import dev.filesys.balancer.registry.KnownServer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The security headers of the web app's page and files:
 *
 * <ul>
 *   <li>a Content-Security-Policy that runs only this origin's scripts and styles (no inline code, no
 *       {@code eval}), lets the page call only this origin and the file-services the balancer knows (their origins,
 *       read from the registry at each load: with the launcher they are other ports of 127.0.0.1; behind the edge they
 *       are this origin), submits no form anywhere and cannot be framed;
 *   <li>{@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options: DENY} (for browsers without
 *       {@code frame-ancestors}), {@code Referrer-Policy: no-referrer}, a Permissions-Policy that turns off what the
 *       app never uses, and {@code Cross-Origin-Opener-Policy: same-origin}.
 * </ul>
 */
class WebAppHeaders extends OncePerRequestFilter {

    private final Supplier<Collection<KnownServer>> servers;

    WebAppHeaders(Supplier<? extends Collection<KnownServer>> servers) {
        this.servers = servers::get;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        apply(response, servers.get());
        chain.doFilter(request, response);
    }

    /** Sets the headers on one answer: the page's, and a public link's page ({@link LinkPage}). */
    static void apply(HttpServletResponse response, Collection<KnownServer> known) {
        response.setHeader("Content-Security-Policy", policy(known));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    }

    static String policy(Collection<KnownServer> known) {
        Set<String> connect = known.stream()
                .map(server -> origin(server.url()))
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self';"
                + " connect-src 'self'" + (connect.isEmpty() ? "" : " " + String.join(" ", connect)) + ";"
                + " manifest-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    }

    /** {@code scheme://host[:port]} of an http(s) URL, or null for anything that could not stand in a policy. */
    static String origin(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost();
        if (!(scheme.equals("http") || scheme.equals("https"))
                || host == null
                || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            return null;
        }
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
