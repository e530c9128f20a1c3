package dev.filesys.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret of the cluster: the balancer and every file-service check it on internal endpoints, and the
 * balancer sends it on availability probes. Comparison is in constant time (both sides are hashed first, so not even
 * the length leaks), and {@link #toString()} never shows it. There is no default: a service without one (or with the
 * well-known one of old versions) refuses to start, so a deployment can never run open by accident.
 */
public final class ClusterToken {

    /** The token earlier versions used when none was set: public knowledge, so refused like none at all. */
    public static final String WELL_KNOWN = "local-dev-cluster-token";

    private final String token;
    private final byte[] digest;

    public ClusterToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("cluster token must not be blank");
        }
        this.token = token;
        this.digest = sha256(token);
    }

    /**
     * The configured token of a service that must not start without a good one.
     *
     * @param configured the configured value, possibly null or blank
     * @param service the service's name in the refusal, e.g. {@code balancer}
     * @throws StartupRefused without a token, or with the {@link #WELL_KNOWN} one
     */
    public static ClusterToken configured(String configured, String service) {
        if (configured == null || configured.isBlank()) {
            throw new StartupRefused(
                    "No cluster token: the " + service + " refuses to start without FILESYS_CLUSTER_TOKEN.",
                    "Set FILESYS_CLUSTER_TOKEN (or filesys.balancer.cluster-token) to a long random secret, the same"
                            + " on the balancer and every file-service; e.g. openssl rand -hex 32.");
        }
        if (WELL_KNOWN.equals(configured.strip())) {
            throw new StartupRefused(
                    "The cluster token is the publicly known '" + WELL_KNOWN + "': the " + service
                            + " refuses to start with it.",
                    "Set FILESYS_CLUSTER_TOKEN to a long random secret of your own; e.g. openssl rand -hex 32.");
        }
        return new ClusterToken(configured);
    }

    /** The {@code Authorization} header value that presents this token. */
    public String authorizationHeader() {
        return BearerToken.header(token);
    }

    /**
     * @param authorization a request's {@code Authorization} header, possibly null
     * @return whether it is {@code Bearer <this token>}
     */
    public boolean admits(String authorization) {
        return BearerToken.from(authorization)
                .map(presented -> MessageDigest.isEqual(digest, sha256(presented)))
                .orElse(false);
    }

    /** @throws InvalidClusterToken unless {@link #admits admitted} */
    public void require(String authorization) {
        if (!admits(authorization)) {
            throw new InvalidClusterToken();
        }
    }

    /**
     * A secret key of its own for {@code purpose}, the same on every instance that has this token: HMAC-SHA256 of the
     * purpose under the token. Knowing a derived key tells nothing of the token or of keys for other purposes.
     *
     * @param purpose what the key is for, e.g. {@code filesys listing cursors v1}
     * @return 32 bytes
     */
    public byte[] derivedKey(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
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
