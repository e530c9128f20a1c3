package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.GeneratedContent;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code PUT /api/v1/files/{name}}, what {@code curl -T} sends, over real HTTP: it creates, replaces (keeping the id
 * and shares), creates only with {@code If-None-Match: *}, and is refused as POST is (names, quota, file count), with
 * nothing left behind. Small limits, so they are quick to reach.
 */
@FileServiceTest
@TestPropertySource(
        properties = {"filesys.sweeper.enabled=false", "filesys.storage.quota=1MB", "filesys.storage.max-files=2"})
class PutUploadIntegrationTest extends AliceOnTheService {

    private static final int KIB = 1024;

    @Test
    void aPutToANewNameCreatesTheFile() {
        GeneratedContent content = new GeneratedContent(300 * KIB, 1);

        Response created = put("report%20Q3+final.pdf", content.publisher(), "Content-Type", "application/pdf")
                .expect(201);

        String id = created.text("fileId");
        assertThat(created.header("Location")).isEqualTo("http://127.0.0.1:" + port + "/api/v1/files/" + id);
        assertThat(created.text("name"))
                .as("percent-decoded; + is itself in a path")
                .isEqualTo("report Q3+final.pdf");
        assertThat(created.text("contentType")).isEqualTo("application/pdf");
        assertThat(created.text("sha256")).isEqualTo(content.sha256());
        assertThat(transfers.downloadDigest(alice.token(), id).sha256()).isEqualTo(content.sha256());
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(300 * KIB);
        assertThat(storage.fileCount(alice.userId())).isEqualTo(1);
    }

    @Test
    void aPutToAnExistingNameReplacesItsContentKeepingTheIdAndShares() {
        LoggedIn bob = TestUsers.register(api, "bob");
        String id = put("notes.txt", text("first draft")).expect(201).text("fileId");
        transfers
                .send("PUT", "/api/v1/files/" + id + "/shares/bob", alice.token())
                .expect(201);

        Response replaced = put("notes.txt", text("second draft, longer")).expect(200);

        assertThat(replaced.text("fileId")).isEqualTo(id);
        assertThat(replaced.header("Location")).endsWith("/api/v1/files/" + id);
        assertThat(replaced.json().get("size").asLong()).isEqualTo(20);
        assertThat(transfers.download(bob.token(), id).expect(200).body())
                .as("bob's share now reads the new content")
                .isEqualTo(bytes("second draft, longer"));
        assertThat(storage.rows("files")).isEqualTo(1);
        assertThat(storage.rows("file_versions"))
                .as("the first draft is kept as a version")
                .isEqualTo(1);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(11 + 20);
        assertThat(storage.fileCount(alice.userId())).isEqualTo(1);
    }

    @Test
    void ifNoneMatchStarCreatesButNeverReplaces() {
        String id = put("once.txt", text("original"), "If-None-Match", "*")
                .expect(201)
                .text("fileId");

        Response refused =
                put("once.txt", text("a replacement"), "If-None-Match", "*").expect(412);

        assertThat(refused.code()).isEqualTo("NAME_TAKEN");
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(transfers.download(alice.token(), id).body()).isEqualTo(bytes("original"));
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(8);
        assertNothingLeftInStaging();
    }

    @Test
    void badNamesAndPreconditionsAreRefusedBeforeAnythingIsStored() {
        assertThat(put("a".repeat(FileNames.MAX_BYTES + 1), text("x"))
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_NAME");
        assertThat(put("evil%E2%80%AEtxt.exe", text("x")).expect(400).code()).isEqualTo("INVALID_NAME");
        assertThat(put("zero%E2%80%8Bwidth.txt", text("x")).expect(400).code())
                .isEqualTo("INVISIBLE_CHARACTER_IN_NAME");
        Response unnamed = put("", text("x")).expect(400);
        assertThat(unnamed.code()).isEqualTo("INVALID_NAME");
        assertThat(unnamed.json().get("detail").asString()).contains("curl -T");
        assertThat(put("a.txt", text("x"), "If-None-Match", "\"abc\"")
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_REQUEST");
        assertThat(put("a.txt", text("x"), "If-Match", "*").expect(412).code()).isEqualTo("PRECONDITION_FAILED");
        assertThat(transfers
                        .text(transfers.request("PUT", "/api/v1/files/a.txt", null, text("x")))
                        .expect(401)
                        .code())
                .isEqualTo("SESSION_REQUIRED");

        assertThat(storage.rows("files")).isZero();
        assertThat(storage.usedBytes(alice.userId())).isZero();
        assertThat(storage.blobFiles()).isEmpty();
        assertNothingLeftInStaging();
    }

    @Test
    void theQuotaAndTheFileCountApplyAsToPost() {
        put("big.bin", new GeneratedContent(700 * KIB, 2).publisher()).expect(201);

        Response declared =
                put("more.bin", new GeneratedContent(400 * KIB, 3).publisher()).expect(507);
        Response chunked = put("more.bin", new GeneratedContent(400 * KIB, 3).chunkedPublisher())
                .expect(507);
        assertThat(declared.code()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(chunked.code()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(700 * KIB);
        assertNothingLeftInStaging();

        put("small.txt", text("small")).expect(201);
        assertThat(put("third.txt", text("one too many")).expect(507).code()).isEqualTo("FILE_COUNT_EXCEEDED");

        // replacing keeps the replaced content as a version (still charged) and takes no new place
        put("big.bin", new GeneratedContent(300 * KIB, 4).publisher()).expect(200);
        assertThat(storage.usedBytes(alice.userId()))
                .isEqualTo(1000 * KIB + 5)
                .isEqualTo(storage.expectedUsedBytes(alice.userId()));
        assertThat(storage.fileCount(alice.userId())).isEqualTo(2);
        assertThat(put("big.bin", new GeneratedContent(30 * KIB, 5).publisher())
                        .expect(507)
                        .code())
                .isEqualTo("QUOTA_EXCEEDED");
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(1000 * KIB + 5);
        assertNothingLeftInStaging();
    }

    private Response put(String encodedName, BodyPublisher body, String... headers) {
        return transfers.text(transfers.request("PUT", "/api/v1/files/" + encodedName, alice.token(), body, headers));
    }

    private void assertNothingLeftInStaging() {
        assertThat(storage.filesUnder("tmp")).isEmpty();
    }

    private static BodyPublisher text(String content) {
        return BodyPublishers.ofByteArray(bytes(content));
    }

    private static byte[] bytes(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }
}
