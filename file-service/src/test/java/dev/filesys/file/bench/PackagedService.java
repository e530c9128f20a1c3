package dev.filesys.file.bench;

import static org.awaitility.Awaitility.await;

import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packaged file-service ({@code filesys.service.jar}) in its own JVM with {@code -Xmx256m}, on a free port, with the
 * test database, the shared stub balancer and a blob root of its own under the report's directory; its log goes to
 * {@code service.log} there. Its heap is read from its own metrics. Closing it stops the process and deletes the blobs.
 */
final class PackagedService implements AutoCloseable {

    private static final Pattern HEAP_USED =
            Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)$");

    private final Process process;
    private final Path storage;
    private final int port;
    private final TestClient api;

    private PackagedService(Process process, Path storage, int port) {
        this.process = process;
        this.storage = storage;
        this.port = port;
        this.api = TestClient.onPort(port);
    }

    /** Starts the service and waits up to {@code startup} for its {@code /livez}. */
    static PackagedService start(Path output, Duration startup) throws IOException {
        Files.createDirectories(output);
        Path storage = Files.createTempDirectory(output, "blobs");
        int port = freePort();
        TestDatabase.Coordinates database = TestDatabase.coordinates();
        Process process = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        System.getProperty("filesys.service.jar"),
                        "--server.port=" + port,
                        "--spring.datasource.url=" + database.jdbcUrl(),
                        "--spring.datasource.username=" + database.username(),
                        "--spring.datasource.password=" + database.password(),
                        "--filesys.storage.root=" + storage,
                        "--filesys.balancer.url=" + StubBalancer.shared().url(),
                        "--filesys.balancer.cluster-token=" + StubBalancer.CLUSTER_TOKEN,
                        "--filesys.balancer.register=false",
                        "--filesys.server.id=file-1"))
                .redirectErrorStream(true)
                .redirectOutput(output.resolve("service.log").toFile())
                .start();
        PackagedService service = new PackagedService(process, storage, port);
        await().atMost(startup)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> service.api.getAny("/livez").status() == 200);
        return service;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** The heap the service uses now, by its own metrics. */
    long heapUsed() {
        Matcher matcher = HEAP_USED.matcher(api.getAny("/actuator/prometheus").body());
        long used = 0;
        while (matcher.find()) {
            used += (long) Double.parseDouble(matcher.group(1));
        }
        return used;
    }

    /** Keeps the highest heap use in {@code peak}, sampled every 200 ms, until the returned sampler is shut down. */
    ScheduledExecutorService sampleHeap(AtomicLong peak) {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> {
                    try {
                        peak.accumulateAndGet(heapUsed(), Math::max);
                    } catch (RuntimeException e) {
                        // a missed sample is only a missed sample
                    }
                },
                0,
                200,
                TimeUnit.MILLISECONDS);
        return sampler;
    }

    static String mib(long bytes) {
        return "%.0f MiB".formatted(bytes / 1024.0 / 1024.0);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
        try (Stream<Path> paths = Files.walk(storage)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
