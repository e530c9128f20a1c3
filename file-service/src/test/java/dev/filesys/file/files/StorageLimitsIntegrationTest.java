package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.GeneratedContent;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Quota, file count, size limit, idle timeout and deadline, with small limits so they are quick to reach. The file
 * count (5) counts empty files and resumable uploads in progress; concurrent creations never take a user past it.
 */
@FileServiceTest
@TestPropertySource(
        properties = {
            "filesys.sweeper.enabled=false",
            "filesys.storage.quota=1MB",
            "filesys.storage.max-files=" + StorageLimitsIntegrationTest.MAX_FILES,
            "filesys.storage.max-file-size=600KB",
            "filesys.uploads.idle-timeout=1s",
            "filesys.uploads.deadline=3s"
        })
class StorageLimitsIntegrationTest extends AliceOnTheService {

    private static final int KIB = 1024;
    private static final long QUOTA = 1024 * KIB;
    static final int MAX_FILES = 5;

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
    void anUploadRefusedBeforeItsBodyIsReadReachesAClientThatSendsItAllFirst() {
        // Java's HttpClient reads the answer once the whole body is out: far more than the sockets' buffers hold
        // is sent here, which the service reads and discards after its answer instead of closing on it
        Response tooLarge = transfers
                .upload(alice.token(), "name=huge.bin", new GeneratedContent(16 * 1024 * KIB, 11).publisher())
                .expect(413);
        transfers.upload(alice.token(), "first.bin", new byte[500 * KIB]).expect(201);
        Response overQuota = transfers
                .upload(alice.token(), "name=second.bin", new GeneratedContent(550 * KIB, 12).publisher())
                .expect(507);

        assertThat(tooLarge.code()).isEqualTo("FILE_TOO_LARGE");
        assertThat(overQuota.code()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(500 * KIB);
        assertThat(storage.filesUnder("tmp")).isEmpty();
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
    void anOverwriteKeepsTheReplacedContentChargedUntilItsVersionGoes() {
        String id = transfers
                .upload(alice.token(), "doc.bin", new byte[400 * KIB])
                .expect(201)
                .text("fileId");

        transfers
                .upload(alice.token(), "name=doc.bin&overwrite=true", new GeneratedContent(450 * KIB, 3).publisher())
                .expect(200);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(850 * KIB);
        assertThat(transfers
                        .upload(
                                alice.token(),
                                "name=doc.bin&overwrite=true",
                                new GeneratedContent(300 * KIB, 4).publisher())
                        .expect(507)
                        .code())
                .as("the replaced content is kept as a version: an overwrite gives nothing back")
                .isEqualTo("QUOTA_EXCEEDED");

        api.delete("/api/v1/files/" + id, alice.token()).expect(204);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(850 * KIB);
        api.delete("/api/v1/trash/" + id, alice.token()).expect(204);
        assertThat(storage.usedBytes(alice.userId())).isZero();
    }

    @Test
    void concurrentCreationsAtTheFileCountLimitStoreExactlyTheAllowedNumber() {
        keepEmptyFiles(3);
        List<CompletableFuture<HttpResponse<String>>> creations = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            HttpRequest request = switch (i % 3) {
                case 0 ->
                    transfers.request("POST", "/api/v1/files?name=empty-" + i, alice.token(), BodyPublishers.noBody());
                case 1 ->
                    transfers.request(
                            "POST",
                            "/api/v1/files?name=chunked-" + i,
                            alice.token(),
                            BodyPublishers.fromPublisher(BodyPublishers.ofByteArray(new byte[10])));
                default -> tusCreation(0, "resumable-" + i);
            };
            creations.add(transfers.http().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers =
                creations.stream().map(CompletableFuture::join).toList();

        Map<Integer, Long> byStatus =
                answers.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(byStatus).as("3 files exist, 2 more fit").containsOnlyKeys(201, 507);
        assertThat(byStatus.get(201)).isEqualTo(MAX_FILES - 3);
        assertThat(answers.stream().filter(r -> r.statusCode() == 507))
                .allSatisfy(r -> assertThat(r.body()).contains("\"FILE_COUNT_EXCEEDED\""));
        assertThat(storage.rows("files") + storage.rows("uploads")).isEqualTo(MAX_FILES);
        assertThat(storage.fileCount(alice.userId()))
                .isEqualTo(MAX_FILES)
                .isEqualTo(storage.expectedFileCount(alice.userId()));
        assertThat(storage.filesUnder("tmp")).isEmpty();
    }

    @Test
    void aResumableUploadHoldsItsPlaceAmongTheFilesUntilItEndsAndEmptyFilesCount() {
        keepEmptyFiles(3);
        String first = transfers.text(tusCreation(3, "first.bin")).expect(201).header("Location");
        String second = transfers.text(tusCreation(3, "second.bin")).expect(201).header("Location");

        Response full =
                transfers.upload(alice.token(), "empty.txt", new byte[0]).expect(507);
        assertThat(full.code()).isEqualTo("FILE_COUNT_EXCEEDED");
        assertThat(full.text("detail")).contains(Integer.toString(MAX_FILES));
        assertThat(transfers.text(tusCreation(0, "third.bin")).expect(507).code())
                .isEqualTo("FILE_COUNT_EXCEEDED");
        assertThat(transfers
                        .upload(alice.token(), "name=existing-0&overwrite=true", BodyPublishers.ofString("new"))
                        .expect(200)
                        .text("size"))
                .as("an overwrite adds no file")
                .isEqualTo("3");

        transfers.send("DELETE", first, alice.token(), "Tus-Resumable", "1.0.0");
        transfers.upload(alice.token(), "empty.txt", new byte[0]).expect(201);
        assertThat(transfers.upload(alice.token(), "one-more.txt", new byte[0]).code())
                .isEqualTo("FILE_COUNT_EXCEEDED");

        transfers
                .text(transfers.request(
                        "PATCH",
                        second,
                        alice.token(),
                        BodyPublishers.ofString("abc"),
                        "Tus-Resumable",
                        "1.0.0",
                        "Upload-Offset",
                        "0",
                        "Content-Type",
                        "application/offset+octet-stream"))
                .expect(204);
        assertThat(storage.rows("files")).isEqualTo(MAX_FILES);
        assertThat(storage.fileCount(alice.userId()))
                .as("the completed upload's place became its file's")
                .isEqualTo(MAX_FILES)
                .isEqualTo(storage.expectedFileCount(alice.userId()));

        String someFile = api.get("/api/v1/files?limit=1", alice.token())
                .expect(200)
                .json()
                .get("items")
                .get(0)
                .get("fileId")
                .asString();
        api.delete("/api/v1/files/" + someFile, alice.token()).expect(204);
        assertThat(transfers
                        .upload(alice.token(), "after-delete.txt", new byte[0])
                        .code())
                .as("a file in the trash keeps its place until it is purged")
                .isEqualTo("FILE_COUNT_EXCEEDED");
        api.delete("/api/v1/trash/" + someFile, alice.token()).expect(204);
        transfers.upload(alice.token(), "after-delete.txt", new byte[0]).expect(201);
        assertThat(storage.fileCount(alice.userId())).isEqualTo(storage.expectedFileCount(alice.userId()));
    }

    @Test
    void theFileCountLimitIsPerUser() {
        keepEmptyFiles(3);
        LoggedIn bob = TestUsers.register(api, "bob");
        for (int i = 0; i < MAX_FILES; i++) {
            transfers.upload(bob.token(), "bobs-" + i, new byte[0]).expect(201);
        }
        transfers.upload(alice.token(), "alices-4th", new byte[0]).expect(201);
        assertThat(transfers.upload(bob.token(), "bobs-6th", new byte[0]).code())
                .isEqualTo("FILE_COUNT_EXCEEDED");
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

    private void keepEmptyFiles(int count) {
        for (int i = 0; i < count; i++) {
            transfers.upload(alice.token(), "existing-" + i, new byte[0]).expect(201);
        }
    }

    private HttpRequest tusCreation(long length, String name) {
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
