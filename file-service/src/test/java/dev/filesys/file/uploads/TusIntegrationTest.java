package dev.filesys.file.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.CuttingProxy;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.GeneratedContent;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import dev.filesys.file.testsupport.TransferClient;
import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** tus 1.0 over real HTTP: raw requests (JDK client and a raw socket) and the real tus-java-client. */
@FileServiceTest
@TestPropertySource(properties = "filesys.sweeper.enabled=false")
class TusIntegrationTest extends AliceOnTheService {

    @Autowired
    UploadSweeper sweeper;

    @Test
    void optionsAdvertisesTheProtocolWithoutASession() {
        Response options = transfers.send("OPTIONS", "/api/v1/uploads", null);

        assertThat(options.status()).isEqualTo(204);
        assertThat(options.header("Tus-Version")).isEqualTo("1.0.0");
        assertThat(options.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(options.header("Tus-Extension")).isEqualTo("creation,checksum,termination,expiration");
        assertThat(options.header("Tus-Checksum-Algorithm")).isEqualTo("sha256,sha1");
        assertThat(options.header("Tus-Max-Size"))
                .isEqualTo(Long.toString(properties.storage().maxFileSize().toBytes()));
    }

    @Test
    void createThreePatchesAndHeadEndWithTheFile() {
        byte[] content = random(300 * 1024, 1);
        String url = create(alice.token(), content.length, "three-parts.bin")
                .expect(201)
                .header("Location");
        assertThat(url).startsWith("http://127.0.0.1:" + port + "/api/v1/uploads/");

        Response started = head(url, alice.token());
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.header("Upload-Offset")).isEqualTo("0");
        assertThat(started.header("Upload-Length")).isEqualTo(Integer.toString(content.length));
        assertThat(started.header("Cache-Control")).isEqualTo("no-store");
        assertThat(started.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(started.header("Upload-Expires")).endsWith("GMT");
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(content.length);
        assertThat(storage.fileCount(alice.userId()))
                .as("the upload holds a place")
                .isEqualTo(1);

        Response first = patch(url, alice.token(), 0, Arrays.copyOfRange(content, 0, 100 * 1024))
                .expect(204);
        assertThat(first.header("Upload-Offset")).isEqualTo(Integer.toString(100 * 1024));
        assertThat(head(url, alice.token()).header("Upload-Offset")).isEqualTo(Integer.toString(100 * 1024));

        byte[] second = Arrays.copyOfRange(content, 100 * 1024, 200 * 1024);
        patch(url, alice.token(), 100 * 1024, second, "Upload-Checksum", "sha256 " + digest("SHA-256", second))
                .expect(204);
        byte[] third = Arrays.copyOfRange(content, 200 * 1024, content.length);
        Response last = patch(
                        url, alice.token(), 200 * 1024, third, "Upload-Checksum", "sha1 " + digest("SHA-1", third))
                .expect(204);

        assertThat(last.header("Upload-Offset")).isEqualTo(Integer.toString(content.length));
        String fileId = last.header("X-File-Id");
        assertThat(fileId).isNotNull();
        Response finished = head(url, alice.token());
        assertThat(finished.header("Upload-Offset")).isEqualTo(Integer.toString(content.length));
        assertThat(finished.header("X-File-Id")).isEqualTo(fileId);
        assertThat(transfers.download(alice.token(), fileId).expect(200).body()).isEqualTo(content);
        Response described = api.get("/api/v1/files/" + fileId, alice.token()).expect(200);
        assertThat(described.text("name")).isEqualTo("three-parts.bin");
        assertThat(described.text("sha256")).isEqualTo(TransferClient.sha256Hex(content));
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(content.length);
        assertThat(storage.fileCount(alice.userId()))
                .as("the place became the file's")
                .isEqualTo(1);
        assertThat(storage.filesUnder("uploads")).isEmpty();
    }

    @Test
    void aPatchAtTheWrongOffsetIsAConflict() {
        String url = create(alice.token(), 1000, "w.bin").expect(201).header("Location");
        patch(url, alice.token(), 0, new byte[100]).expect(204);

        Response conflict = patch(url, alice.token(), 50, new byte[10]).expect(409);

        assertThat(conflict.code()).isEqualTo("OFFSET_MISMATCH");
        assertThat(conflict.header("Content-Type")).startsWith("application/problem+json");
        assertThat(conflict.header("Upload-Offset")).isEqualTo("100");
        assertThat(head(url, alice.token()).header("Upload-Offset")).isEqualTo("100");
    }

    @Test
    void aChecksumMismatchIs460AndKeepsTheOffset() {
        String url = create(alice.token(), 1000, "c.bin").expect(201).header("Location");
        patch(url, alice.token(), 0, new byte[100]).expect(204);
        byte[] chunk = random(200, 2);
        String wrong = digest("SHA-256", "something else".getBytes());

        Response mismatch = patch(url, alice.token(), 100, chunk, "Upload-Checksum", "sha256 " + wrong);

        assertThat(mismatch.status()).isEqualTo(460);
        assertThat(mismatch.code()).isEqualTo("CHECKSUM_MISMATCH");
        assertThat(head(url, alice.token()).header("Upload-Offset")).isEqualTo("100");
        assertThat(storage.filesUnder("uploads")).hasSize(1);

        Response unknown = patch(url, alice.token(), 100, chunk, "Upload-Checksum", "md5 " + wrong)
                .expect(400);
        assertThat(unknown.code()).isEqualTo("CHECKSUM_ALGORITHM_UNSUPPORTED");
    }

    @Test
    void terminationRemovesTheUploadAndReleasesItsReservation() {
        String url = create(alice.token(), 5000, "t.bin").expect(201).header("Location");
        patch(url, alice.token(), 0, new byte[1000]).expect(204);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(5000);

        transfers.send("DELETE", url, alice.token(), "Tus-Resumable", "1.0.0");

        assertThat(head(url, alice.token()).status()).isEqualTo(404);
        assertThat(patch(url, alice.token(), 1000, new byte[10]).code()).isEqualTo("UPLOAD_NOT_FOUND");
        assertThat(storage.usedBytes(alice.userId())).isZero();
        assertThat(storage.fileCount(alice.userId())).isZero();
        assertThat(storage.filesUnder("uploads")).isEmpty();
        assertThat(storage.rows("uploads")).isZero();
    }

    @Test
    void aPatchCutOffMidBodyIsResumedFromTheOffsetTheServerKept() throws IOException {
        byte[] content = random(1024 * 1024, 3);
        String url =
                create(alice.token(), content.length, "cut.bin").expect(201).header("Location");
        UUID uploadId = UUID.fromString(url.substring(url.lastIndexOf('/') + 1));

        sendAndCut(url, alice.token(), 0, content, 300 * 1024);
        // the server keeps what arrived before the cut once it notices the connection is gone
        await().atMost(Duration.ofSeconds(10)).until(() -> offsetInDatabase(uploadId) > 0);

        long offset = Long.parseLong(head(url, alice.token()).header("Upload-Offset"));
        assertThat(offset).isEqualTo(offsetInDatabase(uploadId)).isLessThanOrEqualTo(300 * 1024);
        Response rest = patch(url, alice.token(), offset, Arrays.copyOfRange(content, (int) offset, content.length))
                .expect(204);

        assertThat(api.get("/api/v1/files/" + rest.header("X-File-Id"), alice.token())
                        .expect(200)
                        .text("sha256"))
                .isEqualTo(TransferClient.sha256Hex(content));
    }

    @Test
    void aResumeRightAfterACutEndsWithTheRightBytes() throws IOException {
        byte[] content = random(1024 * 1024, 4);
        String url =
                create(alice.token(), content.length, "race.bin").expect(201).header("Location");

        sendAndCut(url, alice.token(), 0, content, 500 * 1024);
        // Resume at once, as a client does. The cut request may still reach the server after this HEAD (it was sent
        // first but processed later) and then counts; the next PATCH is told so with 409 and the right offset, and a
        // correct client continues from there.
        Response rest = null;
        for (int attempt = 0; attempt < 3 && (rest == null || rest.status() == 409); attempt++) {
            long offset = Long.parseLong(head(url, alice.token()).header("Upload-Offset"));
            rest = patch(url, alice.token(), offset, Arrays.copyOfRange(content, (int) offset, content.length));
            if (rest.status() == 409) {
                assertThat(rest.code()).isEqualTo("OFFSET_MISMATCH");
                assertThat(Long.parseLong(rest.header("Upload-Offset"))).isGreaterThan(offset);
            }
        }

        assertThat(rest.expect(204).header("Upload-Offset")).isEqualTo(Integer.toString(content.length));
        assertThat(transfers.download(alice.token(), rest.header("X-File-Id")).body())
                .isEqualTo(content);
    }

    @Test
    void theJavaTusClientUploadsAFile() throws Exception {
        GeneratedContent content = new GeneratedContent(5L * 1024 * 1024 + 123, 5);
        TusClient client = tusClient(port, new TusURLMemoryStore());
        TusUpload upload = tusUpload(content, "from-tus-client.bin");

        TusUploader uploader = client.createUpload(upload);
        uploader.setChunkSize(256 * 1024);
        uploader.setRequestPayloadSize(1024 * 1024);
        while (uploader.uploadChunk() > -1) {
            // keep going
        }
        uploader.finish();

        assertStoredAs("from-tus-client.bin", content.sha256());
    }

    @Test
    void theJavaTusClientResumesAfterTheConnectionIsCut() throws Exception {
        GeneratedContent content = new GeneratedContent(6L * 1024 * 1024, 6);
        TusURLMemoryStore urls = new TusURLMemoryStore();
        try (CuttingProxy proxy = new CuttingProxy(port)) {
            TusClient client = tusClient(proxy.port(), urls);
            client.enableResuming(urls);
            TusUpload upload = tusUpload(content, "resumed.bin");
            TusUploader uploader = client.createUpload(upload);
            uploader.setChunkSize(128 * 1024);
            uploader.setRequestPayloadSize(2 * 1024 * 1024);
            proxy.cutAfter(3L * 1024 * 1024 + 4321);
            assertThatThrownBy(() -> {
                        while (uploader.uploadChunk() > -1) {
                            // until the network fails
                        }
                        uploader.finish();
                    })
                    .isInstanceOf(IOException.class);
            proxy.disarm();

            // as an application does: resume from the server's offset, and again if the server says it moved on
            for (int attempt = 1; ; attempt++) {
                TusClient again = tusClient(proxy.port(), urls);
                TusUploader resumed = again.resumeUpload(tusUpload(content, "resumed.bin"));
                assertThat(resumed.getOffset()).isGreaterThan(0).isLessThan(content.length());
                resumed.setChunkSize(128 * 1024);
                try {
                    while (resumed.uploadChunk() > -1) {
                        // the rest
                    }
                    resumed.finish();
                    break;
                } catch (ProtocolException e) {
                    if (attempt == 3 || e.getCausingConnection().getResponseCode() != 409) {
                        throw e;
                    }
                }
            }
        }

        assertStoredAs("resumed.bin", content.sha256());
    }

    @Test
    void postWithMethodOverrideActsAsPatchAndDelete() {
        String url = create(alice.token(), 3, "o.bin").expect(201).header("Location");

        Response patched = transfers.text(transfers.request(
                "POST",
                url,
                alice.token(),
                BodyPublishers.ofByteArray(new byte[] {1, 2}),
                "Tus-Resumable",
                "1.0.0",
                "X-HTTP-Method-Override",
                "PATCH",
                "Upload-Offset",
                "0",
                "Content-Type",
                "application/offset+octet-stream"));
        assertThat(patched.status()).isEqualTo(204);
        assertThat(patched.header("Upload-Offset")).isEqualTo("2");

        transfers.send("POST", url, alice.token(), "Tus-Resumable", "1.0.0", "X-HTTP-Method-Override", "DELETE");
        assertThat(head(url, alice.token()).status()).isEqualTo(404);
    }

    @Test
    void aZeroLengthUploadCompletesWithAnEmptyPatch() {
        String url = create(alice.token(), 0, "nothing.txt").expect(201).header("Location");

        Response done = patch(url, alice.token(), 0, new byte[0]).expect(204);

        assertThat(transfers
                        .download(alice.token(), done.header("X-File-Id"))
                        .expect(200)
                        .body())
                .isEmpty();
    }

    @Test
    void creationIsCheckedBeforeAnythingIsReserved() {
        assertThat(transfers
                        .text(transfers.request(
                                "POST",
                                "/api/v1/uploads",
                                alice.token(),
                                null,
                                "Tus-Resumable",
                                "1.0.0",
                                "Upload-Metadata",
                                metadata("x.bin")))
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_UPLOAD_REQUEST");
        assertThat(create(alice.token(), 10, "a/b").expect(400).code()).isEqualTo("INVALID_NAME");
        Response invisible = create(alice.token(), 10, "a\u200bb").expect(400);
        assertThat(invisible.code()).isEqualTo("INVISIBLE_CHARACTER_IN_NAME");
        assertThat(invisible.text("detail")).contains("U+200B");
        assertThat(transfers
                        .text(transfers.request(
                                "POST",
                                "/api/v1/uploads",
                                alice.token(),
                                null,
                                "Tus-Resumable",
                                "1.0.0",
                                "Upload-Length",
                                "10"))
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_NAME");
        long tooLarge = properties.storage().maxFileSize().toBytes() + 1;
        assertThat(create(alice.token(), tooLarge, "huge.bin").expect(413).code())
                .isEqualTo("FILE_TOO_LARGE");

        transfers.upload(alice.token(), "taken.txt", "x".getBytes()).expect(201);
        assertThat(create(alice.token(), 10, "taken.txt").expect(409).code()).isEqualTo("NAME_TAKEN");
        assertThat(storage.rows("uploads")).isZero();
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(1);
    }

    @Test
    void anUploadMayOverwriteWhenItsMetadataSaysSo() {
        String fileId = transfers
                .upload(alice.token(), "same.txt", "old".getBytes())
                .expect(201)
                .text("fileId");
        Response created = transfers.text(transfers.request(
                "POST",
                "/api/v1/uploads",
                alice.token(),
                null,
                "Tus-Resumable",
                "1.0.0",
                "Upload-Length",
                "3",
                "Upload-Metadata",
                metadata("same.txt") + ",overwrite " + base64("true")));
        String url = created.expect(201).header("Location");

        Response done = patch(url, alice.token(), 0, "new".getBytes()).expect(204);

        assertThat(done.header("X-File-Id")).isEqualTo(fileId);
        assertThat(transfers.download(alice.token(), fileId).body()).isEqualTo("new".getBytes());
        assertThat(storage.usedBytes(alice.userId()))
                .as("the replaced content is kept as a version")
                .isEqualTo(3 + 3)
                .isEqualTo(storage.expectedUsedBytes(alice.userId()));
        assertThat(storage.rows("file_versions")).isEqualTo(1);
        assertThat(storage.fileCount(alice.userId()))
                .as("an overwrite gives back the place its upload held")
                .isEqualTo(1);
    }

    @Test
    void anOverwriteWithIfMatchEndsWhenTheFileChangedWhileItsBytesTravelled() {
        Response first =
                transfers.upload(alice.token(), "same.txt", "old".getBytes()).expect(201);
        String fileId = first.text("fileId");
        String etag = first.header("ETag");
        String url = overwrite(alice.token(), "same.txt", 3, etag).expect(201).header("Location");
        transfers
                .upload(
                        alice.token(),
                        "name=same.txt&overwrite=true",
                        BodyPublishers.ofByteArray("two".getBytes()),
                        "If-Match",
                        etag)
                .expect(200);

        Response stale = patch(url, alice.token(), 0, "new".getBytes());

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.text("code")).isEqualTo("PRECONDITION_FAILED");
        assertThat(transfers.download(alice.token(), fileId).body())
                .as("the other writer's content is kept")
                .isEqualTo("two".getBytes());
        assertThat(head(url, alice.token()).status())
                .as("the upload can never complete: it is ended")
                .isEqualTo(404);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(storage.expectedUsedBytes(alice.userId()));
        assertThat(storage.fileCount(alice.userId())).isEqualTo(1);
    }

    @Test
    void anOverwriteWithAStaleOrPointlessIfMatchIsRefusedBeforeAnythingIsReserved() {
        Response first =
                transfers.upload(alice.token(), "same.txt", "old".getBytes()).expect(201);
        String etag = first.header("ETag");
        transfers
                .upload(
                        alice.token(),
                        "name=same.txt&overwrite=true",
                        BodyPublishers.ofByteArray("two".getBytes()),
                        "If-Match",
                        etag)
                .expect(200);
        long used = storage.usedBytes(alice.userId());

        Response stale = overwrite(alice.token(), "same.txt", 3, etag);
        Response nothingToMatch = overwrite(alice.token(), "other.txt", 3, etag);
        Response current = overwrite(alice.token(), "same.txt", 3, "\"2\"");

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.text("code")).isEqualTo("PRECONDITION_FAILED");
        assertThat(stale.header("ETag")).isEqualTo("\"2\"");
        assertThat(nothingToMatch.status()).isEqualTo(412);
        assertThat(current.status()).isEqualTo(201);
        assertThat(storage.usedBytes(alice.userId()))
                .as("only the matching upload reserved its length")
                .isEqualTo(used + 3);
        assertThat(storage.jdbc().queryForObject("select count(*) from uploads", Long.class))
                .isEqualTo(1);
    }

    @Test
    void protocolMisuseIsRefusedWithProblems() {
        String url = create(alice.token(), 100, "m.bin").expect(201).header("Location");

        Response noVersion = transfers.send("HEAD", url, alice.token());
        assertThat(noVersion.status()).isEqualTo(412);
        assertThat(noVersion.header("Tus-Version")).isEqualTo("1.0.0");
        Response noVersionPost =
                transfers.text(transfers.request("POST", "/api/v1/uploads", alice.token(), null, "Upload-Length", "5"));
        assertThat(noVersionPost.status()).isEqualTo(412);
        assertThat(noVersionPost.code()).isEqualTo("TUS_VERSION_UNSUPPORTED");

        Response wrongType = transfers.text(transfers.request(
                "PATCH",
                url,
                alice.token(),
                BodyPublishers.ofByteArray(new byte[5]),
                "Tus-Resumable",
                "1.0.0",
                "Upload-Offset",
                "0",
                "Content-Type",
                "application/octet-stream"));
        assertThat(wrongType.status()).isEqualTo(415);

        Response tooMuch = patch(url, alice.token(), 0, new byte[101]).expect(413);
        assertThat(tooMuch.code()).isEqualTo("UPLOAD_LENGTH_EXCEEDED");
        assertThat(head(url, alice.token()).header("Upload-Offset")).isEqualTo("0");

        Response noOffset = transfers.text(transfers.request(
                "PATCH",
                url,
                alice.token(),
                BodyPublishers.ofByteArray(new byte[5]),
                "Tus-Resumable",
                "1.0.0",
                "Content-Type",
                "application/offset+octet-stream"));
        assertThat(noOffset.status()).isEqualTo(400);
    }

    @Test
    void onlyTheOwnerReachesAnUpload() {
        String url = create(alice.token(), 100, "mine.bin").expect(201).header("Location");
        LoggedIn bob = TestUsers.register(api, "bob");

        assertThat(head(url, bob.token()).status()).isEqualTo(404);
        assertThat(patch(url, bob.token(), 0, new byte[10]).code()).isEqualTo("UPLOAD_NOT_FOUND");
        assertThat(transfers
                        .send("DELETE", url, bob.token(), "Tus-Resumable", "1.0.0")
                        .code())
                .isEqualTo("UPLOAD_NOT_FOUND");
        assertThat(head(url, null).status()).isEqualTo(401);
        assertThat(head(url, alice.token()).header("Upload-Offset")).isEqualTo("0");
    }

    @Test
    void anExpiredUploadIsGoneAndTheSweeperReleasesItsReservation() {
        String url = create(alice.token(), 4000, "late.bin").expect(201).header("Location");
        patch(url, alice.token(), 0, new byte[1000]).expect(204);
        storage.jdbc().update("update uploads set expires_at = now() - interval '1 second'");

        assertThat(head(url, alice.token()).status()).isEqualTo(410);
        assertThat(patch(url, alice.token(), 1000, new byte[10]).code()).isEqualTo("UPLOAD_EXPIRED");
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(4000);
        assertThat(storage.fileCount(alice.userId()))
                .as("the upload holds a place")
                .isEqualTo(1);

        assertThat(sweeper.sweep()).isEqualTo(1);

        assertThat(storage.rows("uploads")).isZero();
        assertThat(storage.usedBytes(alice.userId())).isZero();
        assertThat(storage.fileCount(alice.userId())).isZero();
        assertThat(storage.filesUnder("uploads")).isEmpty();
        assertThat(head(url, alice.token()).status()).isEqualTo(404);
    }

    private void assertStoredAs(String name, String sha256) {
        Response list = api.get("/api/v1/files", alice.token()).expect(200);
        var item = list.json().get("items").get(0);
        assertThat(item.get("name").asString()).isEqualTo(name);
        assertThat(item.get("sha256").asString()).isEqualTo(sha256);
        assertThat(transfers
                        .downloadDigest(alice.token(), item.get("fileId").asString())
                        .sha256())
                .isEqualTo(sha256);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(storage.expectedUsedBytes(alice.userId()));
        assertThat(storage.fileCount(alice.userId())).isEqualTo(storage.expectedFileCount(alice.userId()));
    }

    private TusClient tusClient(int port, TusURLMemoryStore urls) throws IOException {
        TusClient client = new TusClient();
        client.setUploadCreationURL(
                URI.create("http://127.0.0.1:" + port + "/api/v1/uploads").toURL());
        client.setHeaders(Map.of("Authorization", "Bearer " + alice.token()));
        client.enableResuming(urls);
        return client;
    }

    private static TusUpload tusUpload(GeneratedContent content, String name) {
        TusUpload upload = new TusUpload();
        upload.setInputStream(content.stream());
        upload.setSize(content.length());
        upload.setFingerprint(name + "-" + content.length());
        upload.setMetadata(Map.of("filename", name, "filetype", "application/octet-stream"));
        return upload;
    }

    private long offsetInDatabase(UUID uploadId) {
        return storage.jdbc().queryForObject("select upload_offset from uploads where id = ?", Long.class, uploadId);
    }

    private Response create(String token, long length, String name) {
        return creation(token, length, metadata(name));
    }

    /** A creation that replaces {@code name}, only while it is at {@code ifMatch}. */
    private Response overwrite(String token, String name, long length, String ifMatch) {
        return creation(token, length, metadata(name) + ",overwrite " + base64("true"), "If-Match", ifMatch);
    }

    private Response creation(String token, long length, String metadata, String... extra) {
        String[] headers = {
            "Tus-Resumable", "1.0.0", "Upload-Length", Long.toString(length), "Upload-Metadata", metadata
        };
        String[] all = Arrays.copyOf(headers, headers.length + extra.length);
        System.arraycopy(extra, 0, all, headers.length, extra.length);
        return transfers.text(transfers.request("POST", "/api/v1/uploads", token, null, all));
    }

    private Response head(String url, String token) {
        return transfers.send("HEAD", url, token, "Tus-Resumable", "1.0.0");
    }

    private Response patch(String url, String token, long offset, byte[] body, String... extra) {
        String[] headers = {
            "Tus-Resumable",
            "1.0.0",
            "Upload-Offset",
            Long.toString(offset),
            "Content-Type",
            "application/offset+octet-stream"
        };
        String[] all = Arrays.copyOf(headers, headers.length + extra.length);
        System.arraycopy(extra, 0, all, headers.length, extra.length);
        return transfers.text(transfers.request("PATCH", url, token, BodyPublishers.ofByteArray(body), all));
    }

    /** A PATCH over a raw socket that declares the whole content but sends only {@code sent} bytes, then closes. */
    private void sendAndCut(String url, String token, long offset, byte[] content, int sent) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            String head = "PATCH " + url + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + "Tus-Resumable: 1.0.0\r\n"
                    + "Upload-Offset: " + offset + "\r\n"
                    + "Content-Type: application/offset+octet-stream\r\n"
                    + "Content-Length: " + (content.length - offset) + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content, (int) offset, sent);
            out.flush();
        }
    }

    private static String metadata(String name) {
        return "filename " + base64(name);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(String algorithm, byte[] content) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance(algorithm).digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
