package dev.filesys.file.availability;

import dev.filesys.file.FileServiceProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.stereotype.Component;

/** The shared secret internal endpoints require: {@code Authorization: Bearer <cluster token>}. */
@Component
class ClusterToken {

    private static final String BEARER = "Bearer ";

    private final byte[] expected;

    ClusterToken(FileServiceProperties properties) {
        this.expected = properties.balancer().clusterToken().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws InvalidClusterToken unless the header carries the cluster token (compared in constant time) */
    void require(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new InvalidClusterToken();
        }
        byte[] given = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new InvalidClusterToken();
        }
    }
}
