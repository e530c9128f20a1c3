package dev.filesys.file.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TransferClient;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * fsck, the scrubber's lease and cursor, and the sweep hold a backup takes, against a real server, database and blob
 * directory; the scrubber and the sweeper run only when a test calls them.
 */
@FileServiceTest
@TestPropertySource(properties = {"filesys.sweeper.enabled=false", "filesys.scrub.enabled=false"})
class FsckIntegrationTest extends AliceOnTheService {

    @Autowired
    BlobIntegrity integrity;

    @Autowired
    BlobScrubber scrubber;

    @Autowired
    ApplicationContext context;

    @Test
    void aHealthyStoreIsClean() throws Exception {
        transfers.upload(alice.token(), "a.txt", bytes(1000, 1)).expect(201);
        transfers.upload(alice.token(), "b.txt", bytes(3 * 1024 * 1024, 2)).expect(201);

        FsckReport report = integrity.fsck(true, true);

        assertThat(report.problems()).isEmpty();
        assertThat(report.clean()).isTrue();
        assertThat(report.blobRows()).isEqualTo(2);
        assertThat(report.storedBlobs()).isEqualTo(2);
    }

    @Test
    void eachKindOfProblemIsFoundAndWhatIsSafeIsFixed() throws Exception {
        String missing = upload("missing.bin", bytes(5000, 3));
        String resized = upload("resized.bin", bytes(7000, 4));
        String rotten = upload("rotten.bin", bytes(2 * 1024 * 1024, 5));
        Files.delete(storage.blobPath(missing));
        storage.jdbc().update("UPDATE blobs SET size = 6999 WHERE sha256 = ?", resized);
        flipByte(storage.blobPath(rotten), 1_500_000);
        // bytes without a row: one older than the grace period (an orphan), one young (may be an upload in flight)
        byte[] orphanBytes = bytes(100, 6);
        String orphan = TransferClient.sha256Hex(orphanBytes);
        Path orphanPath = storage.blobPath(orphan);
        writeOld(orphanPath, orphanBytes);
        byte[] youngBytes = bytes(100, 7);
        Path young = storage.blobPath(TransferClient.sha256Hex(youngBytes));
        Files.createDirectories(young.getParent());
        Files.write(young, youngBytes);

        FsckReport sizesOnly = integrity.fsck(false, false);
        assertThat(sizesOnly.problems())
                .extracting(FsckReport.Problem::kind, FsckReport.Problem::sha256, FsckReport.Problem::fixed)
                .containsExactlyInAnyOrder(
                        tuple("MISSING_BLOB", missing, false),
                        tuple("SIZE_MISMATCH", resized, false),
                        tuple("ORPHAN_BLOB", orphan, false));
        assertThat(sizesOnly.clean()).isFalse();
        assertThat(problem(sizesOnly, "MISSING_BLOB").files()).isEqualTo(1);
        assertThat(orphanPath).exists();
        assertThat(storage.jdbc().queryForObject("SELECT size FROM blobs WHERE sha256 = ?", Long.class, resized))
                .isEqualTo(6999);

        FsckReport fixed = integrity.fsck(true, true);
        assertThat(fixed.problems())
                .extracting(FsckReport.Problem::kind, FsckReport.Problem::sha256, FsckReport.Problem::fixed)
                .containsExactlyInAnyOrder(
                        tuple("MISSING_BLOB", missing, false),
                        tuple("SIZE_MISMATCH", resized, true),
                        tuple("CHECKSUM_MISMATCH", rotten, true),
                        // quarantined now: its file answers BLOB_CORRUPTED until the bytes are uploaded again
                        tuple("QUARANTINED_IN_USE", rotten, false),
                        tuple("ORPHAN_BLOB", orphan, true));
        assertThat(problem(fixed, "SIZE_MISMATCH").action()).startsWith("re-recorded");
        assertThat(storage.jdbc().queryForObject("SELECT size FROM blobs WHERE sha256 = ?", Long.class, resized))
                .isEqualTo(7000);
        assertThat(orphanPath).doesNotExist();
        assertThat(young).exists();
        assertThat(storage.blobPath(rotten)).doesNotExist();
        assertThat(storage.jdbc()
                        .queryForObject(
                                "SELECT quarantined_at IS NOT NULL FROM blobs WHERE sha256 = ?", Boolean.class, rotten))
                .isTrue();
        // nothing with data was deleted
        assertThat(storage.rows("files")).isEqualTo(3);
        assertThat(storage.rows("blobs")).isEqualTo(3);

        // what is left: the missing blob and the quarantined one, which only their owners' uploads can heal
        FsckReport after = integrity.fsck(true, false);
        assertThat(after.problems())
                .extracting(FsckReport.Problem::kind, FsckReport.Problem::sha256)
                .containsExactlyInAnyOrder(tuple("MISSING_BLOB", missing), tuple("QUARANTINED_IN_USE", rotten));
        assertThat(integrity.report())
                .extracting(IntegrityFinding::sha256, IntegrityFinding::kind)
                .contains(tuple(missing, "MISSING"), tuple(rotten, "CORRUPTED"));
    }

    @Test
    void fsckIsOnTheInternalApiForTheClusterTokenOnly() {
        String sha256 = upload("a.txt", bytes(10, 8));
        storage.jdbc().update("UPDATE blobs SET size = 11 WHERE sha256 = ?", sha256);

        Response refused =
                api.postRaw("/internal/v1/fsck?fix=true", alice.token(), null).expect(401);
        assertThat(refused.code()).isEqualTo("INVALID_CLUSTER_TOKEN");
        assertThat(storage.jdbc().queryForObject("SELECT size FROM blobs WHERE sha256 = ?", Long.class, sha256))
                .isEqualTo(11);

        Response report = api.postRaw("/internal/v1/fsck", StubBalancer.CLUSTER_TOKEN, null)
                .expect(200);
        assertThat(report.json().path("clean").asBoolean()).isFalse();
        assertThat(report.json().path("problems").get(0).path("kind").asString())
                .isEqualTo("SIZE_MISMATCH");
        Response fixed = api.postRaw("/internal/v1/fsck?fix=true", StubBalancer.CLUSTER_TOKEN, null)
                .expect(200);
        assertThat(fixed.json().path("clean").asBoolean()).isTrue();
        assertThat(api.postRaw("/internal/v1/fsck", StubBalancer.CLUSTER_TOKEN, null)
                        .expect(200)
                        .json()
                        .path("problems"))
                .isEmpty();
    }

    @Test
    void oneInstanceScrubsAtATimeAndAPassContinuesFromItsCursor() {
        List<String> digests = List.of(
                        upload("1.bin", bytes(100, 11)),
                        upload("2.bin", bytes(100, 12)),
                        upload("3.bin", bytes(100, 13)),
                        upload("4.bin", bytes(100, 14)))
                .stream()
                .sorted()
                .toList();
        storage.jdbc().update("""
                INSERT INTO blob_scrub_state (id, cursor_sha256, lease_owner, lease_until)
                VALUES (1, ?, 'file-9/another-instance', now() + interval '1 minute')
                """, digests.get(1));

        assertThat(scrubber.scrub()).as("another instance holds the lease").isZero();

        storage.jdbc().update("UPDATE blob_scrub_state SET lease_until = now() - interval '1 second'");
        assertThat(scrubber.scrub())
                .as("the lapsed lease's pass continues after its cursor")
                .isEqualTo(2);
        assertThat(storage.jdbc()
                        .queryForObject(
                                "SELECT cursor_sha256 IS NULL AND last_pass_completed_at IS NOT NULL"
                                        + " AND lease_owner IS NULL FROM blob_scrub_state",
                                Boolean.class))
                .isTrue();
        assertThat(scrubber.scrub())
                .as("the next pass is not due before the period")
                .isZero();

        storage.jdbc().update("UPDATE blob_scrub_state SET last_pass_completed_at = now() - interval '2 days'");
        assertThat(scrubber.scrub()).as("a due pass checks every blob").isEqualTo(4);
    }

    @Test
    void aSweepHoldKeepsEveryBlobUntilItIsLifted() {
        Response file =
                transfers.upload(alice.token(), "gone.txt", bytes(50, 20)).expect(201);
        api.delete("/api/v1/files/" + file.text("fileId"), alice.token()).expect(204);
        api.delete("/api/v1/trash/" + file.text("fileId"), alice.token()).expect(204); // purged: no row needs it
        String sha256 = file.text("sha256");
        storage.jdbc().update("UPDATE blobs SET touched_at = now() - interval '2 hours' WHERE sha256 = ?", sha256);
        Path orphan = storage.blobPath(TransferClient.sha256Hex(bytes(60, 21)));
        writeOld(orphan, bytes(60, 21));
        storage.jdbc()
                .update("INSERT INTO blob_sweep_holds (name, held_until) VALUES ('backup', now() + interval '1 hour')");

        assertThat(BlobSweeping.sweep(context)).isZero();
        assertThat(storage.blobPath(sha256)).exists();
        assertThat(orphan).exists();
        assertThat(storage.rows("blobs")).isEqualTo(1);

        storage.jdbc().update("UPDATE blob_sweep_holds SET held_until = now() - interval '1 second'");
        assertThat(BlobSweeping.sweep(context))
                .as("an expired hold holds nothing")
                .isEqualTo(2);
        assertThat(storage.blobPath(sha256)).doesNotExist();
        assertThat(orphan).doesNotExist();
        assertThat(storage.rows("blobs")).isZero();
    }

    private String upload(String name, byte[] content) {
        return transfers.upload(alice.token(), name, content).expect(201).text("sha256");
    }

    private static FsckReport.Problem problem(FsckReport report, String kind) {
        return report.problems().stream()
                .filter(p -> p.kind().equals(kind))
                .findFirst()
                .orElseThrow();
    }

    private static byte[] bytes(int length, long seed) {
        byte[] content = new byte[length];
        new Random(seed).nextBytes(content);
        return content;
    }

    private static void writeOld(Path path, byte[] content) {
        try {
            Files.createDirectories(path.getParent());
            Files.write(path, content);
            Files.setLastModifiedTime(path, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flipByte(Path path, long at) throws IOException {
        try (RandomAccessFile raw = new RandomAccessFile(path.toFile(), "rw")) {
            raw.seek(at);
            int b = raw.read();
            raw.seek(at);
            raw.write(b ^ 0x01);
        }
    }
}
