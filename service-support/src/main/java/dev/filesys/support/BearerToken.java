package dev.filesys.support;

import java.util.Optional;

/**
 * Reads the credential out of an {@code Authorization: Bearer <credential>} header (RFC 6750): the scheme is matched
 * without regard to case, surrounding white space is dropped, and anything else (another scheme, no space after it, a
 * blank credential) is no bearer credential at all. The one parser for session tokens, the cluster token and probe
 * tokens alike.
 */
public final class BearerToken {

    private static final String SCHEME = "Bearer ";

    private BearerToken() {}

    /** The header value that presents {@code credential}. */
    public static String header(String credential) {
        return SCHEME + credential;
    }

    /**
     * @param authorization a request's {@code Authorization} header, possibly null
     * @return the bearer credential it carries, if it carries one
     */
    public static Optional<String> from(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String credential = authorization.substring(SCHEME.length()).strip();
        return credential.isEmpty() ? Optional.empty() : Optional.of(credential);
    }
}
