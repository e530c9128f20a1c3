package dev.filesys.file.availability;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.support.StartupRefused;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.stereotype.Component;

/**
 * The shared secret internal endpoints require: {@code Authorization: Bearer <cluster token>}. There is no default: an
 * instance without one (or with the well-known one of earlier versions) refuses to start, so none runs open by
 * accident. The availability probe also takes the balancer's probe token ({@link ProbeTokenVerifier}), which is what a
 * balancer shows a self-registered server.
 */
@Component
class ClusterToken {

    /** The token earlier versions used when none was set: public knowledge, so refused like none at all. */
    static final String WELL_KNOWN = "local-dev-cluster-token";

    private static final String BEARER = "Bearer ";

    private final byte[] expected;
    private final ProbeTokenVerifier probeTokens;

    ClusterToken(FileServiceProperties properties, ProbeTokenVerifier probeTokens) {
        String configured = properties.balancer().clusterToken();
        if (configured == null || configured.isBlank()) {
            throw new StartupRefused(
                    "No cluster token: the file-service refuses to start without FILESYS_CLUSTER_TOKEN.",
                    "Set FILESYS_CLUSTER_TOKEN (or filesys.balancer.cluster-token) to the balancer's cluster token, a"
                            + " long random secret; e.g. openssl rand -hex 32.");
        }
        if (WELL_KNOWN.equals(configured.strip())) {
            throw new StartupRefused(
                    "The cluster token is the publicly known '" + WELL_KNOWN + "': the file-service refuses to start"
                            + " with it.",
                    "Set FILESYS_CLUSTER_TOKEN to a long random secret of your own; e.g. openssl rand -hex 32.");
        }
        this.expected = configured.getBytes(StandardCharsets.UTF_8);
        this.probeTokens = probeTokens;
    }

    /** @throws InvalidClusterToken unless the header carries the cluster token (compared in constant time) */
    void require(String authorization) {
        if (!hasToken(authorization)) {
            throw new InvalidClusterToken();
        }
    }

    /**
     * For the availability probe: the cluster token or a balancer's probe token for this server.
     *
     * @throws InvalidClusterToken otherwise
     */
    void requireTokenOrProbe(String authorization) {
        if (hasToken(authorization)) {
            return;
        }
        if (authorization == null
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || !probeTokens.accepts(authorization.substring(BEARER.length()).trim())) {
            throw new InvalidClusterToken();
        }
    }

    private boolean hasToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] given = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}
