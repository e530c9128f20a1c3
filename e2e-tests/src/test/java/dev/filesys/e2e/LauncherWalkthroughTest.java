package dev.filesys.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system as the README starts it — the packaged launcher in its own JVM, embedded PostgreSQL, the balancer and two
 * file-services — driven by the README's curl walk-through script, then stopped the way a person stops it (SIGTERM, as
 * Ctrl-C sends SIGINT to the same shutdown path).
 */
class LauncherWalkthroughTest {

    private static final Path REPOSITORY = Path.of(System.getProperty("filesys.repository", ".."));
    private static final Path LAUNCHER = Path.of(System.getProperty("filesys.launcher.jar", "missing.jar"));

    @TempDir
    Path work;

    private Process launcher;

    @AfterEach
    void stopLauncher() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theCurlWalkthroughRunsAgainstTheLaunchedSystem() throws Exception {
        List<Integer> ports = freePorts(4);
        Path log = work.resolve("launcher.log");
        launcher = launch(log, ports);
        awaitRunning(log);

        Path scriptLog = work.resolve("walkthrough.log");
        Process script = new ProcessBuilder(
                        "bash",
                        REPOSITORY.resolve("scripts/curl-walkthrough.sh").toString(),
                        "http://127.0.0.1:" + ports.get(1))
                .redirectErrorStream(true)
                .redirectOutput(scriptLog.toFile())
                .start();
        assertThat(script.waitFor(180, TimeUnit.SECONDS))
                .as("walk-through finishes")
                .isTrue();
        String output = Files.readString(scriptLog);
        assertThat(script.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("identical: ")
                .contains("\"code\":\"NOT_OWNER\"")
                .contains("\"code\":\"FILE_NOT_FOUND\"")
                .endsWith("walk-through complete\n");

        launcher.destroy();
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS))
                .as("the launcher stops on SIGTERM")
                .isTrue();
        String launched = Files.readString(log);
        assertThat(launched).contains("Graceful shutdown complete");
        for (int port : ports) {
            assertThat(isFree(port)).as("port %d released", port).isTrue();
        }
    }

    @Test
    void aTakenPortIsRefusedClearly() throws Exception {
        List<Integer> ports = freePorts(4);
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.getFirst()));
            Path log = work.resolve("launcher.log");
            launcher = launch(log, ports);
            assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(launcher.exitValue()).isEqualTo(1);
            assertThat(Files.readString(log))
                    .contains("port " + ports.getFirst() + " is already in use")
                    .doesNotContain("Exception");
        }
    }

    private Process launch(Path log, List<Integer> ports) throws IOException {
        assertThat(LAUNCHER)
                .as("the launcher jar (built by local-cluster's package phase)")
                .exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-Xmx512m",
                        "-jar",
                        LAUNCHER.toString(),
                        "--data-dir=" + work.resolve("data"),
                        "--postgres-port=" + ports.get(0),
                        "--balancer-port=" + ports.get(1),
                        "--file-ports=" + ports.get(2) + "," + ports.get(3))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private void awaitRunning(Path log) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String text = Files.readString(log, StandardCharsets.UTF_8);
                    if (!launcher.isAlive()) {
                        throw new AssertionError("the launcher exited:\n" + text);
                    }
                    return text.contains("Press Ctrl-C to stop.");
                });
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
