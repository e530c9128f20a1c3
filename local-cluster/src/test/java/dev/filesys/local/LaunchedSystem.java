package dev.filesys.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.util.FileSystemUtils;

/**
 * The system as the README's first command starts it (embedded PostgreSQL, the balancer, two file-services), in the
 * test's JVM on free ports, with the app at the balancer's address: the whole system for the end-to-end and browser
 * tests (this module's test jar). Registered on a test class's static field, it starts once before the class's tests
 * (and its {@code @BeforeAll} methods) and is stopped, its data removed, after them.
 */
public final class LaunchedSystem implements BeforeAllCallback, AfterAllCallback {

    private Path dataDir;
    private LocalCluster cluster;

    /** A system of its own in {@code dataDir}, for a test that stops part of it; the caller closes it. */
    public static LocalCluster start(Path dataDir) throws Exception {
        return LocalCluster.start(LocalClusterOptions.parse(
                new String[] {"--data-dir=" + dataDir, "--postgres-port=0", "--balancer-port=0", "--file-ports=0,0"},
                Map.of()));
    }

    /** The app's address: the balancer's, as a person would open it. */
    public static String appUrl(LocalCluster cluster) {
        return cluster.balancerUrl() + "/";
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("filesys-browser-");
        cluster = start(dataDir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    public LocalCluster cluster() {
        return cluster;
    }

    /** The app's address: the balancer's, as a person would open it. */
    public String app() {
        return appUrl(cluster);
    }
}
