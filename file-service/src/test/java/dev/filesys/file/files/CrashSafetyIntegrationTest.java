package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.blobs.BlobSweeping;
import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.GeneratedContent;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TransferClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Failures between the temporary write and the commit leave no visible file, the sweeper removes what they left, a
 * download survives the deletion of its file and blob, and damaged bytes are never served as good.
 */
@FileServiceTest
@TestPropertySource(properties = {"filesys.sweeper.enabled=false", "filesys.sweeper.grace-period=0s"})
class CrashSafetyIntegrationTest extends AliceOnTheService {

    @Autowired
    UploadFailpoints failpoints;

    @Autowired
    ApplicationContext context;

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void disarm() {
        failpoints.disarmAll();
    }

    @Test
    void aCrashAfterTheTemporaryWriteLeavesNoFileAndTheSweeperRemovesTheTemporary() {
        failpoints.arm(UploadFailpoints.Point.AFTER_STAGING, () -> {
            throw new SimulatedCrash();
        });

        transfers.upload(alice.token(), "doomed.bin", "staged bytes".getBytes()).expect(500);

        assertNoVisibleFile("doomed.bin");
        assertThat(storage.filesUnder("tmp")).hasSize(1);
        assertThat(storage.blobFiles()).isEmpty();

        sweepUntil(() -> storage.filesUnder("tmp").isEmpty());
    }

    @Test
    void aCrashAfterTheRenameLeavesNoFileAndTheSweeperRemovesTheBytes() {
        failpoints.arm(UploadFailpoints.Point.AFTER_PUBLISH, () -> {
            throw new SimulatedCrash();
        });

        transfers
                .upload(alice.token(), "doomed.bin", "published bytes".getBytes())
                .expect(500);

        assertNoVisibleFile("doomed.bin");
        assertThat(storage.rows("blobs")).isZero();
        assertThat(storage.blobFiles()).hasSize(1);
        assertThat(storage.filesUnder("tmp")).isEmpty();

        sweepUntil(() -> storage.blobFiles().isEmpty());
    }

    @Test
    void aFailureAfterTheTemporaryWriteCleansUpAtOnce() {
        failpoints.arm(UploadFailpoints.Point.AFTER_STAGING, () -> {
            throw new IllegalStateException("injected");
        });

        Response failed =
                transfers.upload(alice.token(), "doomed.bin", "x".getBytes()).expect(500);

        assertThat(failed.code()).isEqualTo("INTERNAL_ERROR");
        assertNoVisibleFile("doomed.bin");
        assertThat(storage.filesUnder("tmp")).isEmpty();
        assertThat(storage.blobFiles()).isEmpty();
    }

    @Test
    void theSweeperRemovesABlobOnlyWhenNoFileReferencesIt() {
        byte[] content = "shared bytes".getBytes();
        String first =
                transfers.upload(alice.token(), "one.txt", content).expect(201).text("fileId");
        String second =
                transfers.upload(alice.token(), "two.txt", content).expect(201).text("fileId");

        api.delete("/api/v1/files/" + first, alice.token()).expect(204);
        api.delete("/api/v1/trash/" + first, alice.token()).expect(204);
        BlobSweeping.sweep(context);
        assertThat(storage.blobFiles()).hasSize(1);
        assertThat(transfers.download(alice.token(), second).expect(200).body()).isEqualTo(content);

        api.delete("/api/v1/files/" + second, alice.token()).expect(204);
        BlobSweeping.sweep(context);
        assertThat(storage.blobFiles()).as("a file in the trash keeps its blob").hasSize(1);
        api.delete("/api/v1/trash/" + second, alice.token()).expect(204);
        sweepUntil(() -> storage.blobFiles().isEmpty());
        assertThat(storage.rows("blobs")).isZero();
    }

    @Test
    void oneSweepFindsAnOrphanAmongManyRecordedBlobs() throws IOException {
        for (int i = 0; i < 600; i++) {
            byte[] content = ("recorded " + i).getBytes();
            String sha256 = TransferClient.sha256Hex(content);
            writeBlobFile(sha256, content);
            storage.jdbc().update("insert into blobs (sha256, size, crc32c) values (?, ?, 0)", sha256, content.length);
            storage.jdbc()
                    .update(
                            "insert into files (id, owner_id, folder_id, name, blob_sha256, content_type)"
                                    + " select ?, r.owner_id, r.id, ?, ?, ? from folders r"
                                    + " where r.owner_id = ? and r.parent_id is null",
                            java.util.UUID.randomUUID(),
                            "f-" + i,
                            sha256,
                            "application/octet-stream",
                            alice.userId());
        }
        byte[] orphan = "nobody recorded me".getBytes();
        Path orphanPath = writeBlobFile(TransferClient.sha256Hex(orphan), orphan);

        sweepUntil(() -> !Files.exists(orphanPath));

        assertThat(storage.blobFiles()).hasSize(600);
    }

    @Test
    void aDownloadInFlightFinishesAfterItsFileAndBlobAreGone() throws IOException {
        GeneratedContent content = new GeneratedContent(20L * 1024 * 1024, 42);
        Response uploaded = transfers
                .upload(alice.token(), "name=moving.bin", content.publisher())
                .expect(201);
        Path blob = storage.blobPath(uploaded.text("sha256"));

        HttpResponse<InputStream> download = transfers.openDownload(alice.token(), uploaded.text("fileId"));
        MessageDigest sha256 = TransferClient.sha256();
        long received = 0;
        try (InputStream body = download.body()) {
            byte[] head = body.readNBytes(1024 * 1024);
            sha256.update(head);
            received += head.length;

            api.delete("/api/v1/files/" + uploaded.text("fileId"), alice.token())
                    .expect(204);
            api.delete("/api/v1/trash/" + uploaded.text("fileId"), alice.token())
                    .expect(204);
            sweepUntil(() -> !Files.exists(blob));

            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                sha256.update(buffer, 0, n);
                received += n;
            }
        }

        assertThat(received).isEqualTo(content.length());
        assertThat(HexFormat.of().formatHex(sha256.digest())).isEqualTo(content.sha256());
    }

    @Test
    void aDamagedBlobIsNeverServedAsGoodAndIsQuarantined() throws IOException {
        GeneratedContent content = new GeneratedContent(1024 * 1024, 77);
        Response uploaded = transfers
                .upload(alice.token(), "name=rotting.bin", content.publisher())
                .expect(201);
        String fileId = uploaded.text("fileId");
        String sha256 = uploaded.text("sha256");
        double failuresBefore = integrityFailures();
        flipOneBit(storage.blobPath(sha256), 700_000);

        HttpResponse<InputStream> download = transfers.openDownload(alice.token(), fileId);
        assertThat(download.statusCode()).isEqualTo(200);
        long[] received = {0};
        assertThatThrownBy(() -> {
                    try (InputStream body = download.body()) {
                        byte[] buffer = new byte[64 * 1024];
                        int n;
                        while ((n = body.read(buffer)) >= 0) {
                            received[0] += n;
                        }
                    }
                })
                .isInstanceOf(IOException.class);
        assertThat(received[0]).isLessThan(content.length());

        assertThat(integrityFailures()).isEqualTo(failuresBefore + 1);
        assertThat(storage.blobPath(sha256)).doesNotExist();
        assertThat(storage.filesUnder("quarantine")).hasSize(1);
        assertThat(storage.jdbc()
                        .queryForObject(
                                "select quarantined_at is not null from blobs where sha256 = ?", Boolean.class, sha256))
                .isTrue();
        assertThat(transfers.download(alice.token(), fileId).status()).isEqualTo(500);
        Response again = api.get("/api/v1/files/" + fileId + "/content", alice.token());
        assertThat(again.code()).isEqualTo("BLOB_CORRUPTED");
        assertThat(transfers
                        .download(alice.token(), fileId, "Range", "bytes=0-9")
                        .status())
                .isEqualTo(500);

        // the same bytes uploaded again heal the blob
        transfers
                .upload(alice.token(), "name=rotting.bin&overwrite=true", content.publisher())
                .expect(200);
        assertThat(transfers.downloadDigest(alice.token(), fileId).sha256()).isEqualTo(sha256);
    }

    @Test
    void rangesAreCheckedChunkByChunkAndADamagedChunkIsNeverSent() throws IOException {
        int mib = 1024 * 1024;
        GeneratedContent content = new GeneratedContent(3 * mib + mib / 2, 1414); // chunks 0-2 and a short chunk 3
        byte[] original = content.stream().readAllBytes();
        Response uploaded = transfers
                .upload(alice.token(), "name=ranges.bin", content.publisher())
                .expect(201);
        String fileId = uploaded.text("fileId");
        String sha256 = uploaded.text("sha256");
        double failuresBefore = integrityFailures();
        flipOneBit(storage.blobPath(sha256), 2L * mib + 4321); // in chunk 2

        assertRangeServed(fileId, original, 100, 199); // inside chunk 0
        assertRangeServed(fileId, original, mib - 10, mib + 9); // across the boundary of chunks 0 and 1
        assertRangeServed(fileId, original, mib - 1, 2L * mib - 1); // the last byte of chunk 0 and all of chunk 1
        assertRangeServed(fileId, original, 3L * mib + 5, original.length - 1); // inside the short last chunk
        assertThat(transfers
                        .download(alice.token(), fileId, "Range", "bytes=-100")
                        .expect(206)
                        .body())
                .isEqualTo(Arrays.copyOfRange(original, original.length - 100, original.length));
        assertThat(integrityFailures()).isEqualTo(failuresBefore);

        // a range that starts in the damaged chunk is refused before anything is sent
        Response refused = transfers.send(
                "GET",
                "/api/v1/files/" + fileId + "/content",
                alice.token(),
                "Range",
                "bytes=" + (2 * mib + 10) + "-" + (2 * mib + 20));
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.code()).isEqualTo("BLOB_CORRUPTED");
        assertThat(integrityFailures()).isEqualTo(failuresBefore + 1);
        assertThat(storage.blobPath(sha256)).doesNotExist();
        assertThat(storage.filesUnder("quarantine")).hasSize(1);
        assertThat(transfers
                        .download(alice.token(), fileId, "Range", "bytes=0-9")
                        .status())
                .isEqualTo(500);
    }

    @Test
    void aRangeRunningIntoADamagedChunkStopsBeforeIt() throws IOException, InterruptedException {
        int mib = 1024 * 1024;
        GeneratedContent content = new GeneratedContent(3 * mib, 1415);
        byte[] original = content.stream().readAllBytes();
        Response uploaded = transfers
                .upload(alice.token(), "name=into-rot.bin", content.publisher())
                .expect(201);
        String fileId = uploaded.text("fileId");
        flipOneBit(storage.blobPath(uploaded.text("sha256")), 2L * mib); // the first byte of chunk 2
        long first = mib + 1000;

        HttpResponse<InputStream> download = transfers
                .http()
                .send(
                        transfers.request(
                                "GET",
                                "/api/v1/files/" + fileId + "/content",
                                alice.token(),
                                null,
                                "Range",
                                "bytes=" + first + "-" + (original.length - 1)),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(206);
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        assertThatThrownBy(() -> {
                    try (InputStream body = download.body()) {
                        body.transferTo(received);
                    }
                })
                .isInstanceOf(IOException.class);
        // at most the intact rest of chunk 1 came (what the server had buffered may be lost with the connection), and
        // not one byte of chunk 2: its first byte is the damaged one
        byte[] got = received.toByteArray();
        assertThat(got.length).isLessThanOrEqualTo(2 * mib - (int) first);
        assertThat(got).isEqualTo(Arrays.copyOfRange(original, (int) first, (int) first + got.length));
        assertThat(storage.jdbc()
                        .queryForObject(
                                "select quarantined_at is not null from blobs where sha256 = ?",
                                Boolean.class,
                                uploaded.text("sha256")))
                .isTrue();
    }

    @Test
    void aBlobStoredWithoutChunkCrcsStillServesRanges() {
        Response uploaded = transfers
                .upload(alice.token(), "old.bin", "stored before chunk checksums".getBytes())
                .expect(201);
        storage.jdbc()
                .update(
                        "update blobs set chunk_size = null, chunk_crc32c = null where sha256 = ?",
                        uploaded.text("sha256"));

        assertThat(transfers
                        .download(alice.token(), uploaded.text("fileId"), "Range", "bytes=7-12")
                        .expect(206)
                        .body())
                .isEqualTo("before".getBytes());
    }

    @Test
    void aLargeBodyIsCheckedBeforeTheServerSendsItFromTheBlobFile() throws IOException {
        int mib = 1024 * 1024;
        GeneratedContent content = new GeneratedContent(3 * mib + mib / 2, 2121);
        byte[] original = content.stream().readAllBytes();
        String fileId = transfers
                .upload(alice.token(), "name=sent.bin", content.publisher())
                .expect(201)
                .text("fileId");
        long checksBefore = blobStoreOperations("check");
        long opensBefore = blobStoreOperations("open");

        assertThat(transfers.download(alice.token(), fileId).expect(200).body()).isEqualTo(original);
        assertRangeServed(fileId, original, mib - 10, 3L * mib + 9); // chunks 0 to 3, more than 1 MiB
        assertRangeServed(fileId, original, 3L * mib + 5, original.length - 1); // under 1 MiB: streamed

        // the two large bodies were checked ahead and sent from the file, only the small one was opened and streamed
        assertThat(blobStoreOperations("check")).isEqualTo(checksBefore + 2);
        assertThat(blobStoreOperations("open")).isEqualTo(opensBefore + 1);
    }

    @Test
    void aLargeBlobRecordedWithoutChunkCrcsIsCheckedWholeBeforeItIsSent() throws IOException {
        GeneratedContent content = new GeneratedContent(2 * 1024 * 1024, 2122);
        Response uploaded = transfers
                .upload(alice.token(), "name=older.bin", content.publisher())
                .expect(201);
        String fileId = uploaded.text("fileId");
        String sha256 = uploaded.text("sha256");
        storage.jdbc().update("update blobs set chunk_size = null, chunk_crc32c = null where sha256 = ?", sha256);
        long opensBefore = blobStoreOperations("open");

        assertThat(transfers.downloadDigest(alice.token(), fileId).sha256()).isEqualTo(sha256);
        assertThat(blobStoreOperations("open")).isEqualTo(opensBefore);

        // damaged: the check refuses to send it, and the streamed body is cut before its end, as for any whole blob
        flipOneBit(storage.blobPath(sha256), 1_234_567);
        HttpResponse<InputStream> download = transfers.openDownload(alice.token(), fileId);
        assertThat(download.statusCode()).isEqualTo(200);
        long[] received = {0};
        assertThatThrownBy(() -> {
                    try (InputStream body = download.body()) {
                        received[0] = body.transferTo(OutputStream.nullOutputStream());
                    }
                })
                .isInstanceOf(IOException.class);
        assertThat(received[0]).isLessThan(content.length());
        assertThat(blobStoreOperations("open")).isEqualTo(opensBefore + 1);
        assertThat(storage.blobPath(sha256)).doesNotExist();
    }

    private long blobStoreOperations(String operation) {
        Timer timer = meters.find("filesys.blobstore.latency")
                .tag("operation", operation)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private void assertRangeServed(String fileId, byte[] original, long first, long last) {
        TransferClient.Download part =
                transfers.download(alice.token(), fileId, "Range", "bytes=" + first + "-" + last);
        assertThat(part.status()).as("bytes %d-%d", first, last).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes " + first + "-" + last + "/" + original.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(original, (int) first, (int) last + 1));
    }

    @Test
    void aMissingBlobIsAProblemNotAnEmptyBody() throws IOException {
        Response uploaded = transfers
                .upload(alice.token(), "gone.bin", "soon gone".getBytes())
                .expect(201);
        Files.delete(storage.blobPath(uploaded.text("sha256")));

        Response missing = api.get("/api/v1/files/" + uploaded.text("fileId") + "/content", alice.token());

        assertThat(missing.status()).isEqualTo(500);
        assertThat(missing.code()).isEqualTo("BLOB_MISSING");
    }

    private void assertNoVisibleFile(String name) {
        assertThat(storage.rows("files")).isZero();
        assertThat(api.get("/api/v1/files", alice.token()).expect(200).json().get("items"))
                .isEmpty();
        assertThat(storage.usedBytes(alice.userId())).isZero();
        assertThat(storage.jdbc().queryForObject("select count(*) from files where name = ?", Long.class, name))
                .isZero();
    }

    private void sweepUntil(java.util.concurrent.Callable<Boolean> done) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            BlobSweeping.sweep(context);
            return done.call();
        });
    }

    private double integrityFailures() {
        return meters.counter("filesys.blobs.integrity.failures").count();
    }

    private Path writeBlobFile(String sha256, byte[] content) throws IOException {
        Path path = storage.blobPath(sha256);
        Files.createDirectories(path.getParent());
        Files.write(path, content);
        Files.setLastModifiedTime(
                path,
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(5)));
        return path;
    }

    private static void flipOneBit(Path file, long position) throws IOException {
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(position);
            int b = raw.read();
            raw.seek(position);
            raw.write(b ^ 0x01);
        }
    }
}
