package dev.filesys.file.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.FileServiceApplication;
import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.testsupport.FileServiceTestInitializer;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestS3Server;
import dev.filesys.file.testsupport.TestUsers;
import dev.filesys.file.testsupport.TransferClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
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
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * tus with the S3 store: two file-services in one JVM, each with a storage root of its own (as pods with an
 * {@code emptyDir}), sharing one PostgreSQL and one bucket on a real S3-compatible server. The upload's bytes are in
 * the bucket, so an upload begun on one service continues and completes on the other, and nothing of it stays behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3TusTest {

    private static final int MIB = 1024 * 1024;

    private final TestS3Server s3 = TestS3Server.shared();
    private String bucket;
    private ConfigurableApplicationContext file1;
    private ConfigurableApplicationContext file2;
    private TransferClient transfers1;
    private TransferClient transfers2;
    private int port1;
    private String alice1;
    private String alice2;

    @BeforeAll
    void startTwoServices() {
        bucket = s3.createBucket();
        file1 = startFileService("file-1");
        file2 = startFileService("file-2");
        port1 = port(file1);
        transfers1 = TransferClient.onPort(port1);
        transfers2 = TransferClient.onPort(port(file2));
    }

    @BeforeEach
    void startEmpty() {
        TestDatabase.clear(file1.getBean(DataSource.class));
        for (MultipartUpload unfinished :
                s3.client().listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads()) {
            s3.client()
                    .abortMultipartUpload(
                            b -> b.bucket(bucket).key(unfinished.key()).uploadId(unfinished.uploadId()));
        }
        for (String key : keysUnder("")) {
            s3.client().deleteObject(b -> b.bucket(bucket).key(key));
        }
        alice1 = TestUsers.register(TestClient.onPort(port1), "alice").token();
        alice2 = logIn(TestClient.onPort(port(file2)), "file-2", "alice");
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
    void anUploadBegunOnOneServiceContinuesAndCompletesOnTheOtherByteForByte() throws IOException {
        byte[] content = random(13 * MIB + 5, 1);
        String path = create(transfers1, alice1, content.length, "moved.bin");
        UUID id = idOf(path);

        // above the 5 MB part size: this chunk goes up as a multipart upload
        patch(transfers1, alice1, path, content, 0, 7 * MIB).expect(204);
        assertThat(keysUnder("uploads/")).containsExactly("uploads/" + id + "/" + generation(id) + ".part");
        assertThat(objectSize(keysUnder("uploads/").get(0))).isEqualTo(7L * MIB);
        assertThat(filesUnderRoot(file1))
                .as("nothing of the upload stays on the first service")
                .isEmpty();

        // the first service is gone for this client; the second continues from the offset the database holds
        assertThat(head(transfers2, alice2, path).header("Upload-Offset")).isEqualTo(Long.toString(7L * MIB));
        patch(transfers2, alice2, path, content, 7 * MIB, 10 * MIB).expect(204);
        Response last = patch(transfers2, alice2, path, content, 10 * MIB, content.length)
                .expect(204);

        assertThat(last.header("Upload-Offset")).isEqualTo(Integer.toString(content.length));
        byte[] downloaded = transfers1
                .download(alice1, last.header("X-File-Id"))
                .expect(200)
                .body();
        assertThat(downloaded).isEqualTo(content);
        assertThat(keysUnder("uploads/"))
                .as("the chunks go once the file is stored")
                .isEmpty();
        assertThat(keysUnder("blobs/")).hasSize(1);
        assertThat(filesUnderRoot(file1)).isEmpty();
        assertThat(filesUnderRoot(file2)).isEmpty();
    }

    @Test
    void aCutBodyCountsWhatReachedTheBucketAndNoMore() throws IOException {
        byte[] content = random(12 * MIB, 2);
        String path = create(transfers1, alice1, content.length, "cut.bin");
        UUID id = idOf(path);

        sendAndCut(path, alice1, content, 7 * MIB);
        await().atMost(Duration.ofSeconds(20)).until(() -> offsetInDatabase(id) > 0);

        long offset = Long.parseLong(head(transfers2, alice2, path).header("Upload-Offset"));
        assertThat(offset).isEqualTo(offsetInDatabase(id)).isLessThanOrEqualTo(7L * MIB);
        long inBucket =
                keysUnder("uploads/").stream().mapToLong(this::objectSize).sum();
        assertThat(inBucket).as("the bytes counted are the bytes in the bucket").isEqualTo(offset);
        assertThat(unfinishedMultipartUploads()).isEmpty();

        Response rest = patch(transfers2, alice2, path, content, (int) offset, content.length)
                .expect(204);
        assertThat(transfers2.download(alice2, rest.header("X-File-Id")).body()).isEqualTo(content);
        assertThat(keysUnder("uploads/")).isEmpty();
    }

    @Test
    void terminationOnTheOtherServiceRemovesTheChunksFromTheBucket() {
        byte[] content = random(8 * MIB, 3);
        String path = create(transfers1, alice1, content.length, "dropped.bin");
        patch(transfers1, alice1, path, content, 0, 6 * MIB).expect(204);
        assertThat(keysUnder("uploads/")).hasSize(1);

        transfers2.send("DELETE", path, alice2, "Tus-Resumable", "1.0.0").expect(204);

        assertThat(keysUnder("uploads/")).isEmpty();
        assertThat(unfinishedMultipartUploads()).isEmpty();
    }

    @Test
    void anExpiredUploadAndChunksWhoseUploadIsGoneAreSweptFromTheBucket() {
        byte[] content = random(8 * MIB, 4);
        String path = create(transfers1, alice1, content.length, "expired.bin");
        patch(transfers1, alice1, path, content, 0, 6 * MIB).expect(204);
        new JdbcTemplate(file1.getBean(DataSource.class))
                .update("update uploads set expires_at = now() - interval '1 second'");
        // what services that died mid-PATCH leave: a chunk never counted, and a multipart upload never completed, of
        // uploads that are gone
        UUID gone = UUID.randomUUID();
        s3.client()
                .putObject(
                        b -> b.bucket(bucket).key("uploads/" + gone + "/3.part"),
                        RequestBody.fromString("never counted"));
        UUID alsoGone = UUID.randomUUID();
        s3.client().createMultipartUpload(b -> b.bucket(bucket).key("uploads/" + alsoGone + "/4.part"));
        assertThat(keysUnder("uploads/")).hasSize(2);
        assertThat(unfinishedMultipartUploads()).hasSize(1);

        int removed = file2.getBean(UploadSweeper.class).sweep();

        assertThat(removed).as("the expired upload and two that are gone").isEqualTo(3);
        assertThat(keysUnder("uploads/")).isEmpty();
        assertThat(unfinishedMultipartUploads()).isEmpty();
        assertThat(keysUnder("")).isEmpty();
    }

    @Test
    void theStagingLimitBoundsWhatPassesThroughTheRootNotWhatTheBucketHolds() throws IOException {
        Path filler = file1.getBean(FileServiceProperties.class)
                .storage()
                .root()
                .resolve("tmp")
                .resolve("filler.bin");
        try {
            byte[] content = random(30 * MIB, 5);
            // creation asks for room to stage the whole file at completion: there is
            String path = create(transfers1, alice1, content.length, "through.bin");
            // other transfers in flight now hold 20 of the 40 MB the root may hold
            Files.write(filler, new byte[20 * MIB]);

            // a 25 MB body passes through one 5 MB part of scratch at a time on its way to the bucket
            patch(transfers1, alice1, path, content, 0, 25 * MIB).expect(204);
            // completion stages the whole file: 30 MB do not fit in the 20 MB left
            Response refused = patch(transfers1, alice1, path, content, 25 * MIB, content.length);
            assertThat(refused.status()).isEqualTo(507);
            assertThat(refused.code()).isEqualTo("STORAGE_FULL");
            assertThat(head(transfers1, alice1, path).header("Upload-Offset")).isEqualTo(Long.toString(25L * MIB));
            // with less than the minimum free space left under the limit, the instance says no
            Files.write(filler, new byte[40 * MIB - 512 * 1024]);
            await().atMost(Duration.ofSeconds(10)).until(() -> !available(port1));

            Files.delete(filler);
            await().atMost(Duration.ofSeconds(10)).until(() -> available(port1));
            Response last = patch(transfers1, alice1, path, content, 25 * MIB, content.length)
                    .expect(204);
            assertThat(transfers2.download(alice2, last.header("X-File-Id")).body())
                    .isEqualTo(content);
        } finally {
            Files.deleteIfExists(filler);
        }
    }

    private static boolean available(int port) {
        return TestClient.onPort(port)
                .get("/internal/v1/availability", StubBalancer.CLUSTER_TOKEN)
                .json()
                .get("available")
                .asBoolean();
    }

    private ConfigurableApplicationContext startFileService(String serverId) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--filesys.server.id=" + serverId,
                "--filesys.storage.s3.part-size=5MB",
                "--filesys.storage.s3.staging-limit=40MB",
                "--filesys.availability.refresh-interval=200ms",
                "--filesys.sweeper.enabled=false",
                "--filesys.sweeper.grace-period=0s"));
        s3.storageProperties(bucket).forEach((name, value) -> args.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(FileServiceApplication.class)
                .initializers(new FileServiceTestInitializer())
                .registerShutdownHook(false)
                .run(args.toArray(String[]::new));
    }

    private static String create(TransferClient transfers, String token, long length, String name) {
        String location = transfers
                .text(transfers.request(
                        "POST",
                        "/api/v1/uploads",
                        token,
                        null,
                        "Tus-Resumable",
                        "1.0.0",
                        "Upload-Length",
                        Long.toString(length),
                        "Upload-Metadata",
                        "filename " + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8))))
                .expect(201)
                .header("Location");
        return location.substring(location.indexOf("/api/v1/uploads/"));
    }

    private static Response head(TransferClient transfers, String token, String path) {
        return transfers.send("HEAD", path, token, "Tus-Resumable", "1.0.0").expect(200);
    }

    private static Response patch(
            TransferClient transfers, String token, String path, byte[] content, int from, int to) {
        return transfers.text(transfers.request(
                "PATCH",
                path,
                token,
                BodyPublishers.ofByteArray(Arrays.copyOfRange(content, from, to)),
                "Tus-Resumable",
                "1.0.0",
                "Upload-Offset",
                Integer.toString(from),
                "Content-Type",
                "application/offset+octet-stream"));
    }

    /** A PATCH over a raw socket that declares the whole content but sends only {@code sent} bytes, then closes. */
    private void sendAndCut(String path, String token, byte[] content, int sent) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port1)) {
            OutputStream out = socket.getOutputStream();
            String head = "PATCH " + path + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port1 + "\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + "Tus-Resumable: 1.0.0\r\n"
                    + "Upload-Offset: 0\r\n"
                    + "Content-Type: application/offset+octet-stream\r\n"
                    + "Content-Length: " + content.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content, 0, sent);
            out.flush();
        }
    }

    private long offsetInDatabase(UUID id) {
        return new JdbcTemplate(file1.getBean(DataSource.class))
                .queryForObject("select upload_offset from uploads where id = ?", Long.class, id);
    }

    private long generation(UUID id) {
        return new JdbcTemplate(file1.getBean(DataSource.class))
                .queryForObject("select generation from upload_chunks where upload_id = ?", Long.class, id);
    }

    private List<String> keysUnder(String prefix) {
        return s3.client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    private long objectSize(String key) {
        return s3.client().headObject(b -> b.bucket(bucket).key(key)).contentLength();
    }

    private List<String> unfinishedMultipartUploads() {
        return s3.client().listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads().stream()
                .map(MultipartUpload::key)
                .toList();
    }

    private static List<Path> filesUnderRoot(ConfigurableApplicationContext context) throws IOException {
        Path root = context.getBean(FileServiceProperties.class).storage().root();
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }

    private static UUID idOf(String path) {
        return UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
    }

    private static String logIn(TestClient api, String serverId, String username) {
        String token = api.openSession(StubBalancer.shared().authCode(serverId));
        return api.login(token, username, TestUsers.PASSWORD).expect(200).text("sessionToken");
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
