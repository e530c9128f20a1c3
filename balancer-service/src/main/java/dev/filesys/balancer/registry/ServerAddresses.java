package dev.filesys.balancer.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** The rules for server ids and base URLs, shared by configuration, self-registration and discovery. */
public final class ServerAddresses {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final int MAX_URL_LENGTH = 2048;

    private ServerAddresses() {}

    /** Whether {@code id} is 1–63 of {@code a-z}, {@code 0-9} and {@code -}, starting with a letter or digit. */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    static String requireValidId(String id) {
        if (!isValidId(id)) {
            throw new InvalidServerId();
        }
        return id;
    }

    /**
     * A URL a server reported about itself, checked by the same rules as registered ones.
     *
     * @return the URL without a trailing slash, or null when it breaks a rule
     */
    public static URI validUrlOrNull(String url) {
        try {
            return requireValidUrl(url);
        } catch (InvalidServerUrl e) {
            return null;
        }
    }

    /** @return the URL without a trailing slash, so paths can be appended to it */
    static URI requireValidUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidServerUrl("none was given");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new InvalidServerUrl("it is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidServerUrl("it does not parse");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new InvalidServerUrl("its scheme is not http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidServerUrl("it has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidServerUrl("it has user info");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidServerUrl("it has a query or a fragment");
        }
        if (uri.getPort() > 65535) {
            throw new InvalidServerUrl("its port is out of range");
        }
        String path = Objects.requireNonNullElse(uri.getRawPath(), "").replaceAll("/+$", "");
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }
}
