package dev.filesys.browser;

import dev.filesys.local.LocalCluster;
import dev.filesys.local.LocalClusterOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * The system as the README's first command starts it (embedded PostgreSQL, the balancer, two file-services), in this
 * JVM on free ports, with the app at the balancer's address.
 */
final class LaunchedSystem {

    private LaunchedSystem() {}

    static LocalCluster start(Path dataDir) throws Exception {
        return LocalCluster.start(LocalClusterOptions.parse(
                new String[] {"--data-dir=" + dataDir, "--postgres-port=0", "--balancer-port=0", "--file-ports=0,0"},
                Map.of()));
    }

    /** The app's address: the balancer's, as a person would open it. */
    static String appUrl(LocalCluster cluster) {
        return cluster.balancerUrl() + "/";
    }
}
