package dev.filesys.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A second peer for small files, one a user might pick instead of filesys: {@code rclone serve webdav} over a local
 * directory on loopback, with basic auth (so each request is authenticated, as filesys's are). PUT streams into the
 * directory without fsync; GET reads the file.
 */
record Rclone(Process process, String password, String url) implements AutoCloseable {

    static final String USER = "bench";

    /**
     * Serves {@code <work>/rclone/data} (with empty {@code get/} and {@code put/} folders, since a WebDAV PUT does not
     * create folders) and waits until an authenticated request is answered.
     */
    static Rclone start(Options options) throws IOException {
        Path dir = options.work().resolve("rclone");
        Path root = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(root.resolve("put"));
        Files.createDirectories(root.resolve("get"));
        String password = Long.toString(System.nanoTime(), 36) + Bench.RUN_TAG;
        int port = Cluster.freePort();
        List<String> command = List.of(
                "rclone",
                "serve",
                "webdav",
                root.toString(),
                "--addr",
                "127.0.0.1:" + port,
                "--user",
                USER,
                "--pass",
                password,
                // no rclone.conf is needed for a local directory; this keeps rclone from looking for one
                "--config",
                "/dev/null");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("rclone.log").toFile())
                .start();
        Rclone rclone = new Rclone(process, password, "http://127.0.0.1:" + port);
        try {
            rclone.awaitAnswer(Duration.ofSeconds(60));
        } catch (IOException | RuntimeException e) {
            rclone.close();
            throw e;
        }
        return rclone;
    }

    /** The value of the {@code Authorization} header every request carries. */
    String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String version() {
        return Proc.run(Duration.ofSeconds(10), "rclone", "version")
                .out()
                .lines()
                .findFirst()
                .orElse("rclone unknown")
                .strip();
    }

    private void awaitAnswer(Duration timeout) throws IOException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("rclone serve webdav exited at start-up (exit " + process.exitValue() + ")");
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create(url + "/"))
                                .header("Authorization", authorization())
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                throw new IOException("rclone serve webdav answered " + response.statusCode() + " to its own user");
            } catch (java.net.ConnectException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            Cluster.pause(Duration.ofMillis(200));
        }
        throw new IOException("rclone serve webdav did not answer within " + timeout);
    }

    @Override
    public void close() {
        Proc.stop(process, Duration.ofSeconds(10));
    }
}
