package dev.filesys.file.availability;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.support.BearerToken;
import dev.filesys.support.ClusterToken;
import dev.filesys.support.InvalidClusterToken;
import org.springframework.stereotype.Component;

/**
 * Who may ask the availability probe: whoever shows the cluster token, or a balancer's probe token for this server
 * ({@link ProbeTokenVerifier}), which is what a balancer shows a self-registered server. Built at start-up from the
 * configured token, so an instance without one (or with the well-known one of earlier versions) refuses to start.
 */
@Component
class ProbeGuard {

    private final ClusterToken clusterToken;
    private final ProbeTokenVerifier probeTokens;

    ProbeGuard(FileServiceProperties properties, ProbeTokenVerifier probeTokens) {
        this.clusterToken = ClusterToken.configured(properties.balancer().clusterToken(), "file-service");
        this.probeTokens = probeTokens;
    }

    /** @throws InvalidClusterToken unless the header carries the cluster token or a probe token for this server */
    void require(String authorization) {
        if (!clusterToken.admits(authorization)
                && !BearerToken.from(authorization).map(probeTokens::accepts).orElse(false)) {
            throw new InvalidClusterToken();
        }
    }
}
