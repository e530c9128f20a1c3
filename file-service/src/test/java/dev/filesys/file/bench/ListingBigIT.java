package dev.filesys.file.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * 100,000 files in one user's root folder, listed page by page over HTTP through the packaged file-service in its own
 * JVM with {@code -Xmx256m}: every file exactly once, in order, and the time of each page and the service's heap
 * (sampled from its own metrics) reported to {@code target/big-listing/report.txt}. The rows are loaded by SQL (an
 * upload per file would measure uploads). Run by {@code bench/listing.sh}.
 */
class ListingBigIT {

    private static final int FILES = Integer.getInteger("filesys.bench.listing.files", 100_000);
    private static PackagedService service;
    private static Path output;

    @BeforeAll
    static void startService() throws IOException {
        output = Path.of(System.getProperty("filesys.bench.output", "target/big-streaming"))
                .resolveSibling("big-listing");
        service = PackagedService.start(output, Duration.ofSeconds(180));
    }

    @AfterAll
    static void stopService() throws IOException, InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aHundredThousandFilesInOneFolderListPageByPage() throws Exception {
        TestClient api = TestClient.onPort(service.port());
        LoggedIn alice = TestUsers.register(api, "lister-" + System.nanoTime() % 1_000_000);
        long loadStart = System.nanoTime();
        load(alice);
        List<String> report = new ArrayList<>();
        report.add("loaded %,d files into one root folder by SQL in %.1f s"
                .formatted(FILES, (System.nanoTime() - loadStart) / 1e9));
        for (int limit : new int[] {1000, 100}) {
            page(api, alice, limit); // warm-up pass: the JIT and the database's caches
            report.add(page(api, alice, limit));
        }
        Files.write(output.resolve("report.txt"), report);
        report.forEach(System.out::println);
    }

    /** Pages through the whole listing once; every file once, in name order. */
    private String page(TestClient api, LoggedIn user, int limit) {
        AtomicLong peakHeap = new AtomicLong();
        ScheduledExecutorService sampler = service.sampleHeap(peakHeap);
        List<Double> milliseconds = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String previous = "";
        String cursor = null;
        long start = System.nanoTime();
        try {
            do {
                String path = "/api/v1/files?scope=owned&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor);
                long pageStart = System.nanoTime();
                JsonNode page = api.get(path, user.token()).expect(200).json();
                milliseconds.add((System.nanoTime() - pageStart) / 1e6);
                for (JsonNode item : page.get("items")) {
                    String name = item.get("name").asString();
                    assertThat(name).isGreaterThan(previous);
                    assertThat(seen.add(item.get("fileId").asString())).isTrue();
                    previous = name;
                }
                cursor = page.has("nextCursor") ? page.get("nextCursor").asString() : null;
            } while (cursor != null && seen.size() == milliseconds.size() * limit);
        } finally {
            sampler.shutdownNow();
        }
        double total = (System.nanoTime() - start) / 1e9;
        assertThat(seen).hasSize(FILES);
        long heapAfter = service.heapUsed();
        double[] sorted =
                milliseconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return ("limit=%d: %d pages in %.1f s; ms per page p50 %.1f, p99 %.1f, max %.1f (first %.1f, last %.1f);"
                        + " service heap (-Xmx256m) peak %s (sampled every 200 ms), after %s")
                .formatted(
                        limit,
                        sorted.length,
                        total,
                        percentile(sorted, 0.50),
                        percentile(sorted, 0.99),
                        sorted[sorted.length - 1],
                        milliseconds.getFirst(),
                        milliseconds.getLast(),
                        PackagedService.mib(peakHeap.get()),
                        PackagedService.mib(heapAfter));
    }

    /** One statement per table; names {@code file-000001} … so that name order is number order. */
    private static void load(LoggedIn user) throws SQLException {
        TestDatabase.Coordinates database = TestDatabase.coordinates();
        try (Connection connection =
                DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            try (PreparedStatement blobs = connection.prepareStatement("""
                    INSERT INTO blobs (sha256, size, crc32c)
                    SELECT lpad(to_hex(g), 64, '0'), g, 0 FROM generate_series(1, 1000) g ON CONFLICT DO NOTHING
                    """)) {
                blobs.executeUpdate();
            }
            try (PreparedStatement files = connection.prepareStatement("""
                    INSERT INTO files (id, owner_id, folder_id, name, blob_sha256, content_type, created_at, updated_at)
                    SELECT gen_random_uuid(), ?, (SELECT id FROM folders WHERE owner_id = ? AND parent_id IS NULL),
                           'file-' || lpad(g::text, 6, '0'), lpad(to_hex(1 + g % 1000), 64, '0'),
                           'application/octet-stream', now(), now()
                    FROM generate_series(1, ?) g
                    """)) {
                files.setObject(1, user.userId());
                files.setObject(2, user.userId());
                files.setInt(3, FILES);
                files.executeUpdate();
            }
            try (PreparedStatement analyze = connection.prepareStatement("ANALYZE files")) {
                analyze.execute();
            }
        }
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
