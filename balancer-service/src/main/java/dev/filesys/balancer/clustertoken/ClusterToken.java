package dev.filesys.balancer.clustertoken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The shared secret of the cluster: checked on internal endpoints and sent on availability probes. Comparison is in
 * constant time (both sides are hashed first, so not even the length leaks), and {@link #toString()} never shows it.
 */
public final class ClusterToken {

    private static final String BEARER = "bearer ";

    private final String token;
    private final byte[] digest;

    public ClusterToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("cluster token must not be blank");
        }
        this.token = token;
        this.digest = sha256(token);
    }

    /** The {@code Authorization} header value the balancer sends to file-services. */
    public String authorizationHeader() {
        return "Bearer " + token;
    }

    /**
     * @param authorization a request's {@code Authorization} header, possibly null
     * @return whether it is {@code Bearer <this token>}
     */
    public boolean admits(String authorization) {
        if (authorization == null
                || authorization.length() <= BEARER.length()
                || !authorization
                        .substring(0, BEARER.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(BEARER)) {
            return false;
        }
        String presented = authorization.substring(BEARER.length()).strip();
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    @Override
    public String toString() {
        return "ClusterToken[redacted]";
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
