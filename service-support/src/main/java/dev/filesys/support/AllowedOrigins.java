package dev.filesys.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * The browser origins whose pages may read a service's answers across origins ({@link CrossOriginFilter}). A service
 * builds it from its {@link CorsSettings}: the configured origins, or its default for the local system.
 */
@FunctionalInterface
public interface AllowedOrigins {

    /** The host names a browser on this machine may use for a service listening on loopback. */
    List<String> LOOPBACK_HOSTS = List.of("127.0.0.1", "localhost", "[::1]");

    /**
     * @param origin the request's {@code Origin} header, as the browser sent it
     * @return whether a page of that origin may read this service's answers
     */
    boolean allows(String origin);

    /** Exactly these origins (compared without regard to case and to a trailing slash). */
    static AllowedOrigins of(List<String> origins) {
        Set<String> normalized =
                origins.stream().map(AllowedOrigins::normalize).collect(Collectors.toUnmodifiableSet());
        return origin -> origin != null && normalized.contains(normalize(origin));
    }

    /**
     * The origins of a service on this machine reached over loopback: {@code http://127.0.0.1:<port>},
     * {@code http://localhost:<port>} and {@code http://[::1]:<port>}, the port read at each request (a service on a
     * random port learns its port only once it listens).
     *
     * @param port the port; a negative value (not known yet) allows nothing
     */
    static AllowedOrigins loopback(IntSupplier port) {
        return origin -> {
            int known = port.getAsInt();
            return known >= 0 && origin != null && loopbackOrigins(known).contains(normalize(origin));
        };
    }

    /** The origins {@link #loopback} allows for {@code port}. */
    static List<String> loopbackOrigins(int port) {
        return LOOPBACK_HOSTS.stream()
                .map(host -> "http://" + host + ":" + port)
                .toList();
    }

    /**
     * The origin of {@code url} ({@code scheme://host[:port]}), and when its host is a loopback name, the same port on
     * the other loopback names too.
     */
    static List<String> originsOf(String url) {
        URI uri = URI.create(url.strip());
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        String hostPort = port < 0 ? host : host + ":" + port;
        List<String> origins = new ArrayList<>(List.of(scheme + "://" + hostPort));
        if (scheme.equals("http") && port >= 0 && LOOPBACK_HOSTS.contains(host)) {
            loopbackOrigins(port).stream()
                    .filter(origin -> !origins.contains(origin))
                    .forEach(origins::add);
        }
        return origins;
    }

    private static String normalize(String origin) {
        String trimmed = origin.strip().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
