package dev.filesys.file.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.GeneratedContent;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TransferClient.Download;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Small blobs served from memory once read and checked, against a real server, database and blob directory: a second
 * download of a small file does not read its blob (it answers the same bytes with the file gone from the disk), a small
 * blob damaged before its first read is refused before any header with the quarantine answer and is not kept, and a
 * blob above the cache's size is read from the disk each time.
 */
@FileServiceTest
@TestPropertySource(properties = {"filesys.sweeper.enabled=false", "filesys.downloads.fast-path=false"})
class SmallBlobCacheIntegrationTest extends AliceOnTheService {

    @Autowired
    MeterRegistry meters;

    @Test
    void aSmallFileReadOnceIsServedFromMemory() throws Exception {
        byte[] content =
                new GeneratedContent(SmallBlobCache.MAX_BLOB_BYTES, 7).stream().readAllBytes();
        Response uploaded =
                transfers.upload(alice.token(), "small.bin", content).expect(201);
        String fileId = uploaded.text("fileId");
        double hitsBefore = gets("hit");

        assertThat(transfers.download(alice.token(), fileId).body()).isEqualTo(content);
        // the blob leaves the disk: only the kept bytes can answer now
        Files.delete(storage.blobPath(uploaded.text("sha256")));
        Download again = transfers.download(alice.token(), fileId);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(content);
        assertThat(gets("hit")).isEqualTo(hitsBefore + 1);
    }

    @Test
    void aSmallBlobDamagedBeforeItsFirstReadIsRefusedWithoutABodyAndNotKept() throws Exception {
        byte[] content = new GeneratedContent(10_000, 8).stream().readAllBytes();
        Response uploaded =
                transfers.upload(alice.token(), "rotten.bin", content).expect(201);
        Path blob = storage.blobPath(uploaded.text("sha256"));
        try (RandomAccessFile raw = new RandomAccessFile(blob.toFile(), "rw")) {
            raw.seek(5_000);
            int b = raw.read();
            raw.seek(5_000);
            raw.write(b ^ 0x01);
        }

        Download download = transfers.download(alice.token(), uploaded.text("fileId"));

        // checked whole before the headers: a clean problem, not a cut body
        assertThat(download.status()).isEqualTo(500);
        assertThat(new String(download.body())).contains("\"code\":\"BLOB_CORRUPTED\"");
        assertThat(blob).doesNotExist();
        assertThat(transfers.download(alice.token(), uploaded.text("fileId")).status())
                .isEqualTo(500);
    }

    @Test
    void aBlobAboveTheLimitIsReadFromTheDiskEachTime() throws Exception {
        byte[] content = new GeneratedContent(SmallBlobCache.MAX_BLOB_BYTES + 1, 9)
                .stream().readAllBytes();
        Response uploaded =
                transfers.upload(alice.token(), "larger.bin", content).expect(201);
        String fileId = uploaded.text("fileId");

        assertThat(transfers.download(alice.token(), fileId).body()).isEqualTo(content);
        Files.delete(storage.blobPath(uploaded.text("sha256")));

        Download again = transfers.download(alice.token(), fileId);
        assertThat(again.status()).isEqualTo(500);
        assertThat(new String(again.body())).contains("\"code\":\"BLOB_MISSING\"");
    }

    private double gets(String result) {
        FunctionCounter counter = meters.find("cache.gets")
                .tag("cache", "small-blobs")
                .tag("result", result)
                .functionCounter();
        return counter == null ? 0 : counter.count();
    }
}
