package dev.filesys.file.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.file.FileServiceApplication;
import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.blobs.BlobIntegrity;
import dev.filesys.file.blobs.BlobScrubbing;
import dev.filesys.file.blobs.BlobSweeping;
import dev.filesys.file.blobs.IntegrityFinding;
import dev.filesys.file.testsupport.FileServiceTestInitializer;
import dev.filesys.file.testsupport.GeneratedContent;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestS3Server;
import dev.filesys.file.testsupport.TestUsers;
import dev.filesys.file.testsupport.TransferClient;
import dev.filesys.file.testsupport.TransferClient.DigestedDownload;
import dev.filesys.file.testsupport.TransferClient.Download;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Two file-services in one JVM on random ports, each with a local storage root of its own, sharing one PostgreSQL and
 * one bucket on a real S3-compatible server: what one stores, the other serves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3EndToEndTest {

    /** Above the 5 MB part size set below, so uploads go up in parts. */
    private static final long LARGE = 12L * 1024 * 1024 + 3;

    private final TestS3Server s3 = TestS3Server.shared();
    private String bucket;
    private ConfigurableApplicationContext file1;
    private ConfigurableApplicationContext file2;
    private TestClient api1;
    private TestClient api2;
    private TransferClient transfers1;
    private TransferClient transfers2;

    @BeforeAll
    void startTwoServices() {
        bucket = s3.createBucket();
        file1 = startFileService("file-1");
        file2 = startFileService("file-2");
        api1 = TestClient.onPort(port(file1));
        api2 = TestClient.onPort(port(file2));
        transfers1 = TransferClient.onPort(port(file1));
        transfers2 = TransferClient.onPort(port(file2));
    }

    @BeforeEach
    void startEmpty() {
        TestDatabase.clear(file1.getBean(DataSource.class));
        for (String key : keysUnder("")) {
            s3.client().deleteObject(b -> b.bucket(bucket).key(key));
        }
    }

    @AfterAll
    void stopServices() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {file2, file1}) {
            if (context != null) {
                context.close();
            }
        }
    }

    @Test
    void aFileUploadedThroughOneServiceDownloadsThroughTheOther() throws IOException {
        GeneratedContent content = new GeneratedContent(LARGE, 42);
        String alice1 = TestUsers.register(api1, "alice").token();
        Response uploaded =
                transfers1.upload(alice1, "name=big.bin", content.publisher()).expect(201);
        String fileId = uploaded.text("fileId");
        String sha256 = uploaded.text("sha256");
        assertThat(sha256).isEqualTo(content.sha256());

        String alice2 = logIn(api2, "file-2", "alice");
        DigestedDownload whole = transfers2.downloadDigest(alice2, fileId);

        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.length()).isEqualTo(LARGE);
        assertThat(whole.sha256()).isEqualTo(sha256);
        assertThat(whole.headers().firstValue("ETag")).hasValue("\"" + sha256 + "\"");

        long first = 5L * 1024 * 1024 - 10;
        Download part = transfers2
                .download(alice2, fileId, "Range", "bytes=" + first + "-" + (first + 19))
                .expect(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes " + first + "-" + (first + 19) + "/" + LARGE);
        assertThat(part.body()).isEqualTo(bytesOf(content, first, 20));

        // the bytes are in the bucket under their digest, and in neither service's own storage root
        assertThat(blobKeys()).containsExactly(blobKey(sha256));
        assertThat(blobFilesUnderRoot(file1)).isEmpty();
        assertThat(blobFilesUnderRoot(file2)).isEmpty();
        assertThat(api1.get("/internal/v1/availability", StubBalancer.CLUSTER_TOKEN)
                        .expect(200)
                        .json()
                        .get("available")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void identicalBytesUploadedThroughBothServicesAreStoredOnce() {
        byte[] content = "the same bytes, twice".getBytes();
        String alice = TestUsers.register(api1, "alice").token();
        String bob = TestUsers.register(api1, "bob").token();
        String bob2 = logIn(api2, "file-2", "bob");

        String sha256 = transfers1.upload(alice, "a.txt", content).expect(201).text("sha256");
        String bobsFile = transfers2.upload(bob2, "b.txt", content).expect(201).text("fileId");

        assertThat(blobKeys()).containsExactly(blobKey(sha256));
        assertThat(transfers1.download(bob, bobsFile).expect(200).body()).isEqualTo(content);
    }

    @Test
    void theSweeperRemovesDeletedAndOrphanedBlobsFromTheBucket() {
        String alice = TestUsers.register(api1, "alice").token();
        Response uploaded =
                transfers1.upload(alice, "gone.txt", "soon gone".getBytes()).expect(201);
        String orphan = "0123456789abcdef".repeat(4);
        s3.client().putObject(b -> b.bucket(bucket).key(blobKey(orphan)), RequestBody.fromString("no row"));
        String alice2 = logIn(api2, "file-2", "alice");
        transfers2
                .send("DELETE", "/api/v1/files/" + uploaded.text("fileId"), alice2)
                .expect(204);
        transfers2 // out of the trash too: then no row needs its blob
                .send("DELETE", "/api/v1/trash/" + uploaded.text("fileId"), alice2)
                .expect(204);

        int removed = BlobSweeping.sweep(file2);

        assertThat(removed).isEqualTo(2);
        assertThat(blobKeys()).isEmpty();
        assertThat(new JdbcTemplate(file1.getBean(DataSource.class))
                        .queryForObject("select count(*) from blobs", Long.class))
                .isZero();
    }

    @Test
    void aBlobDamagedInTheBucketIsNeverServedAsGoodAndIsQuarantined() throws IOException {
        GeneratedContent content = new GeneratedContent(LARGE, 7);
        String alice = TestUsers.register(api1, "alice").token();
        Response uploaded =
                transfers1.upload(alice, "name=rot.bin", content.publisher()).expect(201);
        String sha256 = uploaded.text("sha256");
        flipOneBit(s3.objectFile(bucket, blobKey(sha256)), 9_000_000);
        String alice2 = logIn(api2, "file-2", "alice");

        HttpResponse<InputStream> download = transfers2.openDownload(alice2, uploaded.text("fileId"));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> {
                    try (InputStream body = download.body()) {
                        body.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                })
                .isInstanceOf(IOException.class);

        assertThat(blobKeys()).isEmpty();
        assertThat(keysUnder("quarantine/")).singleElement().asString().startsWith("quarantine/" + sha256 + ".");
        assertThat(api1.get("/api/v1/files/" + uploaded.text("fileId") + "/content", alice)
                        .code())
                .isEqualTo("BLOB_CORRUPTED");
    }

    @Test
    void theScrubberFindsABlobDamagedInTheBucketBeforeAnyoneReadsIt() throws IOException {
        GeneratedContent content = new GeneratedContent(LARGE, 8);
        String alice = TestUsers.register(api1, "alice").token();
        Response uploaded =
                transfers1.upload(alice, "name=unread.bin", content.publisher()).expect(201);
        String sha256 = uploaded.text("sha256");
        flipOneBit(s3.objectFile(bucket, blobKey(sha256)), 6_000_000);

        // the other instance scrubs: it reads the object from the bucket, finds the damage and quarantines it
        assertThat(BlobScrubbing.scrub(file2)).isEqualTo(1);

        assertThat(blobKeys()).isEmpty();
        assertThat(keysUnder("quarantine/")).singleElement().asString().startsWith("quarantine/" + sha256 + ".");
        List<IntegrityFinding> report = file1.getBean(BlobIntegrity.class).report();
        assertThat(report).singleElement().satisfies(finding -> {
            assertThat(finding.sha256()).isEqualTo(sha256);
            assertThat(finding.state()).isEqualTo("QUARANTINED");
            assertThat(finding.foundBy()).isEqualTo("file-2 scrub");
            assertThat(finding.files())
                    .extracting(IntegrityFinding.AffectedFile::owner)
                    .containsExactly("alice");
        });
        assertThat(api1.get("/api/v1/files/" + uploaded.text("fileId") + "/content", alice)
                        .code())
                .isEqualTo("BLOB_CORRUPTED");
    }

    private ConfigurableApplicationContext startFileService(String serverId) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--filesys.server.id=" + serverId,
                "--filesys.storage.s3.part-size=5MB",
                "--filesys.sweeper.enabled=false",
                "--filesys.scrub.enabled=false",
                "--filesys.sweeper.grace-period=0s"));
        s3.storageProperties(bucket).forEach((name, value) -> args.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(FileServiceApplication.class)
                .initializers(new FileServiceTestInitializer())
                .registerShutdownHook(false)
                .run(args.toArray(String[]::new));
    }

    private static String logIn(TestClient api, String serverId, String username) {
        String token = api.openSession(StubBalancer.shared().authCode(serverId));
        return api.login(token, username, TestUsers.PASSWORD).expect(200).text("sessionToken");
    }

    private List<String> blobKeys() {
        return keysUnder("blobs/");
    }

    private List<String> keysUnder(String prefix) {
        S3Client client = s3.client();
        return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(object -> object.key())
                .toList();
    }

    private static String blobKey(String sha256) {
        return "blobs/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
    }

    private static List<Path> blobFilesUnderRoot(ConfigurableApplicationContext context) throws IOException {
        Path root = context.getBean(FileServiceProperties.class).storage().root();
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }

    private static byte[] bytesOf(GeneratedContent content, long offset, int length) throws IOException {
        try (InputStream in = content.stream()) {
            in.skipNBytes(offset);
            return in.readNBytes(length);
        }
    }

    private static void flipOneBit(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x01);
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
