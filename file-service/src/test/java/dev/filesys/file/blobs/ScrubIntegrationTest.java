package dev.filesys.file.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.GeneratedContent;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TransferClient.Download;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The background scrubber against a real server, database and blob directory: bit rot planted in a blob nobody has
 * read is found within a scrub period, quarantined and reported with its file and owner, and a later download gets the
 * quarantine answer, never the rotten bytes.
 */
@FileServiceTest
@TestPropertySource(
        properties = {"filesys.sweeper.enabled=false", "filesys.scrub.period=1s", "filesys.scrub.bytes-per-second=200MB"
        })
class ScrubIntegrationTest extends AliceOnTheService {

    @Autowired
    BlobIntegrity integrity;

    @Autowired
    MeterRegistry meters;

    @Test
    void bitRotInAnUnreadBlobIsQuarantinedAndReportedWithinOneScrubPeriod() throws Exception {
        GeneratedContent rotting = new GeneratedContent(3L * 1024 * 1024 + 17, 41);
        Response uploaded = transfers
                .upload(alice.token(), "name=rotting.bin", rotting.publisher())
                .expect(201);
        Response healthy = transfers
                .upload(alice.token(), "healthy.txt", "nothing wrong with me".getBytes())
                .expect(201);
        String sha256 = uploaded.text("sha256");
        Path blob = storage.blobPath(sha256);
        double corruptedBefore = corrupted();
        // nobody has read it: one bit flipped in its second chunk
        try (RandomAccessFile raw = new RandomAccessFile(blob.toFile(), "rw")) {
            raw.seek(1024 * 1024 + 5);
            int b = raw.read();
            raw.seek(1024 * 1024 + 5);
            raw.write(b ^ 0x10);
        }

        await("the scrubber reports the rotten blob")
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        integrity.report().stream().anyMatch(f -> f.sha256().equals(sha256)));

        List<IntegrityFinding> report = integrity.report();
        assertThat(report).hasSize(1);
        IntegrityFinding finding = report.getFirst();
        assertThat(finding.kind()).isEqualTo("CORRUPTED");
        assertThat(finding.state()).isEqualTo("QUARANTINED");
        assertThat(finding.detail()).contains("chunk 1");
        assertThat(finding.foundBy()).endsWith("scrub");
        assertThat(finding.files()).singleElement().satisfies(file -> {
            assertThat(file.name()).isEqualTo("rotting.bin");
            assertThat(file.owner()).isEqualTo("alice");
            assertThat(file.ownerId()).isEqualTo(alice.userId());
            assertThat(file.fileId().toString()).isEqualTo(uploaded.text("fileId"));
        });
        assertThat(corrupted()).isEqualTo(corruptedBefore + 1);
        assertThat(blob).doesNotExist();
        try (Stream<Path> aside = Files.list(storage.root().resolve("quarantine"))) {
            assertThat(aside.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(sha256 + "."));
        }

        Download download = transfers.download(alice.token(), uploaded.text("fileId"));
        assertThat(download.status()).isEqualTo(500);
        assertThat(download.header("Content-Type")).startsWith("application/problem+json");
        assertThat(new String(download.body())).contains("\"code\":\"BLOB_CORRUPTED\"");
        assertThat(transfers
                        .download(alice.token(), healthy.text("fileId"))
                        .expect(200)
                        .body())
                .isEqualTo("nothing wrong with me".getBytes());

        // the report is on the internal API too, for the cluster token only
        Response internal =
                api.get("/internal/v1/integrity", StubBalancer.CLUSTER_TOKEN).expect(200);
        assertThat(internal.json().get(0).path("sha256").asString()).isEqualTo(sha256);
        assertThat(internal.json().get(0).path("files").get(0).path("owner").asString())
                .isEqualTo("alice");
        assertThat(api.get("/internal/v1/integrity", alice.token()).expect(401).code())
                .isEqualTo("INVALID_CLUSTER_TOKEN");
    }

    private double corrupted() {
        return meters.get("filesys.scrub.blobs")
                .tag("result", "corrupted")
                .counter()
                .count();
    }
}
