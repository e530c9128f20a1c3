package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.GeneratedContent;
import dev.filesys.file.testsupport.StorageInspector;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import dev.filesys.file.testsupport.TransferClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** Quota, size limit, idle timeout and deadline, with small limits so they are quick to reach. */
@FileServiceTest
@TestPropertySource(
        properties = {
            "filesys.sweeper.enabled=false",
            "filesys.storage.quota=1MB",
            "filesys.storage.max-file-size=600KB",
            "filesys.uploads.idle-timeout=1s",
            "filesys.uploads.deadline=3s"
        })
class StorageLimitsIntegrationTest {

    private static final int KIB = 1024;
    private static final long QUOTA = 1024 * KIB;

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    FileServiceProperties properties;

    TestClient api;
    TransferClient transfers;
    StorageInspector storage;
    LoggedIn alice;

    @BeforeEach
    void setUp() {
        TestDatabase.clear(dataSource);
        storage = new StorageInspector(properties.storage().root(), dataSource);
        storage.clear();
        api = TestClient.onPort(port);
        transfers = TransferClient.onPort(port);
        alice = TestUsers.register(api, "alice");
    }

    @Test
    void concurrentUploadsThatTogetherExceedTheQuotaNeverTakeTheUserOverIt() {
        List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            GeneratedContent content = new GeneratedContent(300 * KIB, 1000 + i);
            uploads.add(transfers
                    .http()
                    .sendAsync(
                            transfers.request(
                                    "POST",
                                    "/api/v1/files?name=part-" + i,
                                    alice.token(),
                                    i % 2 == 0 ? content.publisher() : content.chunkedPublisher()),
                            HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses =
                uploads.stream().map(f -> f.join().statusCode()).toList();

        assertThat(statuses).containsOnly(201, 507);
        long stored = statuses.stream().filter(s -> s == 201).count();
        assertThat(stored).isEqualTo(3); // 3 × 300 KiB fit in 1 MiB, a fourth does not
        assertThat(uploads.stream()
                        .map(f -> f.join())
                        .filter(r -> r.statusCode() == 507)
                        .allMatch(r -> r.body().contains("\"QUOTA_EXCEEDED\"")))
                .isTrue();
        assertThat(storage.usedBytes(alice.userId()))
                .isEqualTo(stored * 300 * KIB)
                .isEqualTo(storage.expectedUsedBytes(alice.userId()))
                .isLessThanOrEqualTo(QUOTA);
        assertThat(storage.rows("files")).isEqualTo(stored);
        assertThat(storage.filesUnder("tmp")).isEmpty();
    }

    @Test
    void concurrentResumableUploadsReserveNoMoreThanTheQuota() {
        List<CompletableFuture<HttpResponse<String>>> creations = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            creations.add(
                    transfers.http().sendAsync(tusCreation(250 * KIB, "r-" + i), HttpResponse.BodyHandlers.ofString()));
        }
        long created = creations.stream()
                .map(CompletableFuture::join)
                .filter(r -> r.statusCode() == 201)
                .count();

        assertThat(created).isEqualTo(4);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(4 * 250 * KIB).isLessThanOrEqualTo(QUOTA);
    }

    @Test
    void aResumableUploadInProgressCountsByItsDeclaredLength() {
        Response upload = transfers.text(tusCreation(600 * KIB, "big.bin")).expect(201);

        assertThat(transfers
                        .upload(alice.token(), "small.bin", new byte[500 * KIB])
                        .expect(507)
                        .code())
                .isEqualTo("QUOTA_EXCEEDED");

        transfers.send("DELETE", upload.header("Location"), alice.token(), "Tus-Resumable", "1.0.0");
        transfers.upload(alice.token(), "small.bin", new byte[500 * KIB]).expect(201);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(500 * KIB);
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedWhetherDeclaredOrNot() {
        GeneratedContent tooLarge = new GeneratedContent(600 * KIB + 1, 5);

        Response declared = transfers
                .upload(alice.token(), "name=big.bin", tooLarge.publisher())
                .expect(413);
        Response chunked = transfers
                .upload(alice.token(), "name=big.bin", tooLarge.chunkedPublisher())
                .expect(413);

        assertThat(declared.code()).isEqualTo("FILE_TOO_LARGE");
        assertThat(chunked.code()).isEqualTo("FILE_TOO_LARGE");
        assertNothingStored();
        transfers
                .upload(alice.token(), "name=max.bin", new GeneratedContent(600 * KIB, 5).publisher())
                .expect(201);
    }

    @Test
    void aChunkedUploadIsStoppedWhenItOutgrowsTheQuota() {
        transfers.upload(alice.token(), "first.bin", new byte[500 * KIB]).expect(201);

        Response refused = transfers
                .upload(alice.token(), "name=second.bin", new GeneratedContent(550 * KIB, 9).chunkedPublisher())
                .expect(507);

        assertThat(refused.code()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(500 * KIB);
        assertThat(storage.filesUnder("tmp")).isEmpty();
    }

    @Test
    void anOverwriteIsChargedOnlyTheDifference() {
        transfers.upload(alice.token(), "doc.bin", new byte[500 * KIB]).expect(201);

        transfers
                .upload(alice.token(), "name=doc.bin&overwrite=true", new GeneratedContent(550 * KIB, 3).publisher())
                .expect(200);

        assertThat(storage.usedBytes(alice.userId())).isEqualTo(550 * KIB);
        api.delete(
                        "/api/v1/files/"
                                + api.get("/api/v1/files", alice.token())
                                        .json()
                                        .get("items")
                                        .get(0)
                                        .get("fileId")
                                        .asString(),
                        alice.token())
                .expect(204);
        assertThat(storage.usedBytes(alice.userId())).isZero();
    }

    @Test
    void aStalledUploadIsAbandonedAfterTheIdleTimeout() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(requestHead("stalled.bin", 100_000).getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1000]);
            out.flush();

            String statusLine = firstLine(socket);

            assertThat(statusLine)
                    .satisfiesAnyOf(
                            line -> assertThat(line).contains(" 408 "),
                            line -> assertThat(line).isNull());
        }
        assertNothingStored();
    }

    @Test
    void aTricklingUploadIsStoppedAtTheDeadline() throws IOException {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(requestHead("trickle.bin", 100_000).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // one byte every 200 ms: never idle for the 1 s timeout, far from done by the 3 s deadline
            trickle.scheduleAtFixedRate(
                    () -> {
                        try {
                            out.write('x');
                            out.flush();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    },
                    0,
                    200,
                    TimeUnit.MILLISECONDS);

            String statusLine = firstLine(socket);

            assertThat(statusLine).contains(" 408 ");
        } finally {
            trickle.shutdownNow();
        }
        assertNothingStored();
    }

    private java.net.http.HttpRequest tusCreation(long length, String name) {
        return transfers.request(
                "POST",
                "/api/v1/uploads",
                alice.token(),
                null,
                "Tus-Resumable",
                "1.0.0",
                "Upload-Length",
                Long.toString(length),
                "Upload-Metadata",
                "filename " + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)));
    }

    private String requestHead(String name, long length) {
        return "POST /api/v1/files?name=" + name + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Authorization: Bearer " + alice.token() + "\r\n"
                + "Content-Length: " + length + "\r\n\r\n";
    }

    /** The status line of the response, or null when the server closed the connection without one. */
    private static String firstLine(Socket socket) throws IOException {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        try {
            return reader.readLine();
        } catch (java.net.SocketException e) {
            return null;
        }
    }

    private void assertNothingStored() {
        assertThat(storage.rows("files")).isZero();
        assertThat(storage.rows("blobs")).isZero();
        assertThat(storage.blobFiles()).isEmpty();
        assertThat(storage.filesUnder("tmp")).isEmpty();
        assertThat(storage.usedBytes(alice.userId())).isZero();
    }
}
