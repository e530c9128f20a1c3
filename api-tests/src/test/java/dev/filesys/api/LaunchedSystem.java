package dev.filesys.api;

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

/**
 * The system as the README starts it: the packaged launcher in its own JVM with embedded PostgreSQL, the balancer and
 * one file-service on free loopback ports. Stopped with SIGTERM, as Ctrl-C stops it.
 */
final class LaunchedSystem implements AutoCloseable {

    private static final Path LAUNCHER = Path.of(System.getProperty("filesys.launcher.jar", "missing.jar"));

    private final Process process;
    private final Path console;
    final String balancerUrl;
    final String fileServiceUrl;

    private LaunchedSystem(Process process, Path console, int balancerPort, int filePort) {
        this.process = process;
        this.console = console;
        this.balancerUrl = "http://127.0.0.1:" + balancerPort;
        this.fileServiceUrl = "http://127.0.0.1:" + filePort;
    }

    static LaunchedSystem start(Path work) throws IOException {
        assertThat(LAUNCHER)
                .as("the launcher jar (built by local-cluster's package phase)")
                .exists();
        List<Integer> ports = freePorts(3);
        Path console = work.resolve("console.txt");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                LAUNCHER.toString(),
                "--data-dir",
                work.resolve("data").toString(),
                "--postgres-port",
                ports.get(0).toString(),
                "--balancer-port",
                ports.get(1).toString(),
                "--file-ports",
                ports.get(2).toString());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
        LaunchedSystem system = new LaunchedSystem(process, console, ports.get(1), ports.get(2));
        system.awaitRunning();
        return system;
    }

    private void awaitRunning() {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String text = Files.readString(console, StandardCharsets.UTF_8);
                    if (!process.isAlive()) {
                        throw new AssertionError("the launcher exited:\n" + text);
                    }
                    return text.contains("Press Ctrl-C to stop.");
                });
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
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
}
