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
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
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
        BlobSweeping.sweep(context);
        assertThat(storage.blobFiles()).hasSize(1);
        assertThat(transfers.download(alice.token(), second).expect(200).body()).isEqualTo(content);

        api.delete("/api/v1/files/" + second, alice.token()).expect(204);
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
                            "insert into files (id, owner_id, name, blob_sha256, content_type) values (?, ?, ?, ?, ?)",
                            java.util.UUID.randomUUID(),
                            alice.userId(),
                            "f-" + i,
                            sha256,
                            "application/octet-stream");
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
