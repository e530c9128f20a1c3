package dev.filesys.file.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.GeneratedContent;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import dev.filesys.file.testsupport.TransferClient;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
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
    private static PackagedService service;
    private static Path output;

    @BeforeAll
    static void startService() throws IOException {
        output = Path.of(System.getProperty("filesys.bench.output", "target/big-streaming"));
        service = PackagedService.start(output, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopService() throws IOException, InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void twoGibibytesGoBothWaysThroughA256MebibyteHeap() throws Exception {
        TestClient api = TestClient.onPort(service.port());
        TransferClient transfers = TransferClient.onPort(service.port());
        LoggedIn alice = TestUsers.register(api, "bench-" + System.nanoTime() % 1_000_000);
        GeneratedContent content = new GeneratedContent(SIZE, 2024);
        String expected = content.sha256();

        AtomicLong peakHeap = new AtomicLong();
        ScheduledExecutorService sampler = service.sampleHeap(peakHeap);
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
        report.add("service JVM: -Xmx256m; peak heap used (sampled every 200 ms): "
                + PackagedService.mib(peakHeap.get()) + "; peak RSS (VmHWM): " + PackagedService.mib(peakRss));
        Files.write(output.resolve("report.txt"), report);
        report.forEach(System.out::println);
        assertThat(peakHeap.get()).isPositive().isLessThanOrEqualTo(256L * 1024 * 1024);
    }

    private String tusUpload(LoggedIn user, GeneratedContent content) throws Exception {
        TusClient client = new TusClient();
        client.setUploadCreationURL(URI.create("http://127.0.0.1:" + service.port() + "/api/v1/uploads")
                .toURL());
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
                TransferClient.onPort(service.port()).send("HEAD", url, user.token(), "Tus-Resumable", "1.0.0");
        return head.header("X-File-Id");
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
}
