package dev.filesys.file.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.testsupport.GeneratedContent;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import dev.filesys.file.testsupport.TransferClient;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 2 GiB file uploaded (simple and tus) and downloaded through the packaged file-service running in its own JVM with
 * {@code -Xmx256m}: it must succeed, byte for byte. Reports the peak heap (sampled from the service's own metrics) and
 * the peak RSS (the kernel's high-water mark) to {@code target/big-streaming/report.txt}.
 */
class StreamingBigIT {

    private static final long SIZE = 2L * 1024 * 1024 * 1024;
    private static final Pattern HEAP_USED =
            Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)$");

    private static Process service;
    private static Path output;
    private static Path storage;
    private static int port;

    @BeforeAll
    static void startService() throws IOException {
        output = Path.of(System.getProperty("filesys.bench.output", "target/big-streaming"));
        Files.createDirectories(output);
        storage = Files.createTempDirectory(output, "blobs");
        port = freePort();
        TestDatabase.Coordinates database = TestDatabase.coordinates();
        List<String> command = new ArrayList<>(List.of(
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
                "--filesys.server.id=file-1"));
        service = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.resolve("service.log").toFile())
                .start();
        TestClient client = TestClient.onPort(port);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> client.getAny("/livez").status() == 200);
    }

    @AfterAll
    static void stopService() throws InterruptedException, IOException {
        if (service != null) {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
        if (storage != null) {
            try (var paths = Files.walk(storage)) {
                for (Path path :
                        paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @Test
    void twoGibibytesGoBothWaysThroughA256MebibyteHeap() throws Exception {
        TestClient api = TestClient.onPort(port);
        TransferClient transfers = TransferClient.onPort(port);
        LoggedIn alice = TestUsers.register(api, "bench-" + System.nanoTime() % 1_000_000);
        GeneratedContent content = new GeneratedContent(SIZE, 2024);
        String expected = content.sha256();

        AtomicLong peakHeap = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> sampleHeap(api, peakHeap), 0, 200, TimeUnit.MILLISECONDS);
        List<String> report = new ArrayList<>();
        try {
            long start = System.nanoTime();
            TestClient.Response uploaded = transfers
                    .upload(alice.token(), "name=two-gib.bin", content.publisher())
                    .expect(201);
            report.add(rate("simple upload", start));
            assertThat(uploaded.text("sha256")).isEqualTo(expected);

            start = System.nanoTime();
            TransferClient.DigestedDownload download = transfers.downloadDigest(alice.token(), uploaded.text("fileId"));
            report.add(rate("download (CRC32C checked)", start));
            assertThat(download.status()).isEqualTo(200);
            assertThat(download.length()).isEqualTo(SIZE);
            assertThat(download.sha256()).isEqualTo(expected);

            start = System.nanoTime();
            String tusFile = tusUpload(alice, content);
            report.add(rate("tus upload (10 MiB PATCHes, completion hashes and stores)", start));
            assertThat(api.get("/api/v1/files/" + tusFile, alice.token())
                            .expect(200)
                            .text("sha256"))
                    .isEqualTo(expected);
        } finally {
            sampler.shutdownNow();
        }

        long peakRss = peakRssBytes(service.pid());
        report.add("service JVM: -Xmx256m; peak heap used (sampled every 200 ms): " + mib(peakHeap.get())
                + "; peak RSS (VmHWM): " + mib(peakRss));
        Files.write(output.resolve("report.txt"), report);
        report.forEach(System.out::println);
        assertThat(peakHeap.get()).isPositive().isLessThanOrEqualTo(256L * 1024 * 1024);
    }

    private String tusUpload(LoggedIn user, GeneratedContent content) throws Exception {
        TusClient client = new TusClient();
        client.setUploadCreationURL(
                URI.create("http://127.0.0.1:" + port + "/api/v1/uploads").toURL());
        client.setHeaders(Map.of("Authorization", "Bearer " + user.token()));
        TusUpload upload = new TusUpload();
        upload.setInputStream(content.stream());
        upload.setSize(content.length());
        upload.setFingerprint("two-gib-tus");
        upload.setMetadata(Map.of("filename", "two-gib-tus.bin"));
        TusUploader uploader = client.createUpload(upload);
        uploader.setChunkSize(1024 * 1024);
        uploader.setRequestPayloadSize(10 * 1024 * 1024);
        while (uploader.uploadChunk() > -1) {
            // the whole file, 10 MiB per PATCH
        }
        uploader.finish();
        String url = uploader.getUploadURL().getPath();
        TestClient.Response head =
                TransferClient.onPort(port).send("HEAD", url, user.token(), "Tus-Resumable", "1.0.0");
        return head.header("X-File-Id");
    }

    private static void sampleHeap(TestClient api, AtomicLong peak) {
        try {
            String metrics = api.getAny("/actuator/prometheus").body();
            Matcher matcher = HEAP_USED.matcher(metrics);
            long used = 0;
            while (matcher.find()) {
                used += (long) Double.parseDouble(matcher.group(1));
            }
            peak.accumulateAndGet(used, Math::max);
        } catch (RuntimeException e) {
            // a missed sample is only a missed sample
        }
    }

    private static long peakRssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    private static String rate(String what, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return "%s: 2 GiB in %.1f s (%.0f MiB/s)".formatted(what, seconds, 2048 / seconds);
    }

    private static String mib(long bytes) {
        return "%.0f MiB".formatted(bytes / 1024.0 / 1024.0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
