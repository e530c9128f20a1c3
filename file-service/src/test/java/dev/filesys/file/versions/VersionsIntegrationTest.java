package dev.filesys.file.versions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.blobs.BlobSweeping;
import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import dev.filesys.file.testsupport.TransferClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Versions against a real server, database and blob directory: every overwrite keeps the content it replaces; readers
 * list and download versions, the owner restores one; retention removes what is past it and gives the bytes back.
 */
@FileServiceTest
@TestPropertySource(
        properties = {
            "filesys.sweeper.enabled=false",
            "filesys.sweeper.grace-period=0s",
            "filesys.versions.max-count=3",
            "filesys.versions.max-age=30d"
        })
class VersionsIntegrationTest extends AliceOnTheService {

    @Autowired
    VersionService versions;

    @Autowired
    ApplicationContext context;

    LoggedIn bob;
    String fileId;

    @BeforeEach
    void aFileWithTwoEarlierContents() {
        bob = TestUsers.register(api, "bob");
        fileId = transfers
                .upload(alice.token(), "notes.txt", bytes("one"))
                .expect(201)
                .text("fileId");
        overwrite("notes.txt", "two!").expect(200);
        transfers
                .text(transfers.request("PUT", "/api/v1/files/notes.txt", alice.token(), body("three")))
                .expect(200);
    }

    @Test
    void anOverwriteKeepsTheReplacedContentAndItStillCounts() {
        Response listed =
                api.get("/api/v1/files/" + fileId + "/versions", alice.token()).expect(200);

        List<JsonNode> items = items(listed);
        assertThat(items).extracting(v -> v.get("size").asLong()).containsExactly(4L, 3L);
        assertThat(items.get(0).get("sha256").asString()).isEqualTo(TransferClient.sha256Hex(bytes("two!")));
        assertThat(items.get(1).get("createdBy").asString()).isEqualTo("alice");
        assertThat(items.get(0).get("replacedAt").asString()).isNotBlank();
        assertThat(listed.json().has("nextCursor")).isFalse();
        assertThat(content(alice, items.get(1)).body()).isEqualTo(bytes("one"));
        assertThat(transfers.download(alice.token(), fileId).body()).isEqualTo(bytes("three"));
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(3 + 4 + 5);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(storage.expectedUsedBytes(alice.userId()));
        assertThat(storage.rows("file_versions")).isEqualTo(2);
    }

    @Test
    void aVersionDownloadsWithRanges() {
        JsonNode two = items(api.get("/api/v1/files/" + fileId + "/versions", alice.token()))
                .get(0);

        TransferClient.Download download = downloadRange(alice, two, "bytes=1-2");
        assertThat(download.status()).isEqualTo(206);
        assertThat(download.body()).isEqualTo(bytes("wo"));
        assertThat(download.header("ETag")).isEqualTo("\"" + two.get("sha256").asString() + "\"");
    }

    @Test
    void readersOfTheFileReadItsVersionsAndOthersDoNot() {
        LoggedIn carol = TestUsers.register(api, "carol");
        transfers
                .text(transfers.request(
                        "PUT",
                        "/api/v1/files/" + fileId + "/shares/bob",
                        alice.token(),
                        body("{\"permission\":\"read\"}"),
                        "Content-Type",
                        "application/json"))
                .expect(201);

        JsonNode one = items(api.get("/api/v1/files/" + fileId + "/versions", bob.token())
                        .expect(200))
                .get(1);
        assertThat(content(bob, one).body()).isEqualTo(bytes("one"));
        assertThat(api.get("/api/v1/files/" + fileId + "/versions", carol.token())
                        .expect(404)
                        .code())
                .isEqualTo("FILE_NOT_FOUND");
        assertThat(content(carol, one).status()).isEqualTo(404);
        assertThat(restore(bob, one, null).expect(403).code()).isEqualTo("NOT_OWNER");
        assertThat(storage.rows("file_versions")).isEqualTo(2);
    }

    @Test
    void restoringAVersionMakesItTheContentAndKeepsTheReplacedOne() {
        JsonNode one = items(api.get("/api/v1/files/" + fileId + "/versions", alice.token()))
                .get(1);

        Response restored = restore(alice, one, "\"3\"").expect(200);

        assertThat(restored.text("sha256")).isEqualTo(TransferClient.sha256Hex(bytes("one")));
        assertThat(transfers.download(alice.token(), fileId).body()).isEqualTo(bytes("one"));
        assertThat(items(api.get("/api/v1/files/" + fileId + "/versions", alice.token())))
                .extracting(v -> v.get("size").asLong())
                .containsExactly(5L, 4L, 3L);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(3 + 4 + 5 + 3);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(storage.expectedUsedBytes(alice.userId()));
    }

    @Test
    void aStaleIfMatchOrAnUnknownVersionRestoresNothing() {
        JsonNode one = items(api.get("/api/v1/files/" + fileId + "/versions", alice.token()))
                .get(1);

        Response stale = restore(alice, one, "\"2\"").expect(412);
        assertThat(stale.code()).isEqualTo("PRECONDITION_FAILED");
        assertThat(stale.header("ETag")).isEqualTo("\"3\"");
        assertThat(api.postRaw(
                                "/api/v1/files/" + fileId + "/versions/8d7e6e8a-0000-4000-8000-000000000000/restore",
                                alice.token(),
                                null)
                        .expect(404)
                        .code())
                .isEqualTo("VERSION_NOT_FOUND");
        assertThat(api.postRaw("/api/v1/files/" + fileId + "/versions/not-a-uuid/restore", alice.token(), null)
                        .expect(404)
                        .code())
                .isEqualTo("VERSION_NOT_FOUND");

        assertThat(storage.rows("file_versions")).isEqualTo(2);
        assertThat(transfers.download(alice.token(), fileId).body()).isEqualTo(bytes("three"));
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(3 + 4 + 5);
    }

    @Test
    void theListPagesWithACursorBoundToTheFile() {
        overwrite("notes.txt", "four").expect(200);
        overwrite("notes.txt", "five5").expect(200);
        List<Long> sizes = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.get(
                            "/api/v1/files/" + fileId + "/versions?limit=2"
                                    + (cursor == null ? "" : "&cursor=" + cursor),
                            alice.token())
                    .expect(200);
            items(page).forEach(v -> sizes.add(v.get("size").asLong()));
            cursor = page.text("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(2);
        assertThat(sizes).containsExactly(4L, 5L, 4L, 3L);

        String first = api.get("/api/v1/files/" + fileId + "/versions?limit=1", alice.token())
                .text("nextCursor");
        String other = transfers
                .upload(alice.token(), "other.txt", bytes("x"))
                .expect(201)
                .text("fileId");
        assertThat(api.get("/api/v1/files/" + other + "/versions?cursor=" + first, alice.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_CURSOR");
        assertThat(api.get("/api/v1/files/" + fileId + "/versions?cursor=x" + first, alice.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_CURSOR");
        for (String limit : List.of("0", "1001", "1000000000", "ten")) {
            assertThat(api.get("/api/v1/files/" + fileId + "/versions?limit=" + limit, alice.token())
                            .expect(400)
                            .code())
                    .isEqualTo("INVALID_LIMIT");
        }
    }

    @Test
    void retentionRemovesVersionsPastEitherBoundAndTheirBlobsGoAfterwards() {
        overwrite("notes.txt", "four").expect(200);
        overwrite("notes.txt", "five5").expect(200);
        // versions now: four, three, two!, one; max-count 3 removes "one"
        String oneSha = TransferClient.sha256Hex(bytes("one"));
        storage.jdbc().update("update blobs set touched_at = now() - interval '1 hour'");
        assertThat(BlobSweeping.sweep(context)).isZero();
        assertThat(storage.blobFiles()).contains(storage.blobPath(oneSha));

        assertThat(versions.removePastRetention()).isEqualTo(1);
        assertThat(items(api.get("/api/v1/files/" + fileId + "/versions", alice.token())))
                .extracting(v -> v.get("size").asLong())
                .containsExactly(4L, 5L, 4L);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(storage.expectedUsedBytes(alice.userId()));
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(4 + 5 + 4 + 5);
        storage.jdbc().update("update blobs set touched_at = now() - interval '1 hour'");
        BlobSweeping.sweep(context);
        assertThat(storage.blobFiles()).doesNotContain(storage.blobPath(oneSha));

        // an old one goes by age
        storage.jdbc()
                .update(
                        "update file_versions set replaced_at = now() - interval '31 days'" + " where blob_sha256 = ?",
                        TransferClient.sha256Hex(bytes("two!")));
        assertThat(versions.removePastRetention()).isEqualTo(1);
        assertThat(storage.rows("file_versions")).isEqualTo(2);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(storage.expectedUsedBytes(alice.userId()));
    }

    private Response overwrite(String name, String content) {
        return transfers.upload(alice.token(), "name=" + name + "&overwrite=true", body(content));
    }

    private Response restore(LoggedIn user, JsonNode version, String ifMatch) {
        String path = "/api/v1/files/" + fileId + "/versions/"
                + version.get("versionId").asString() + "/restore";
        return ifMatch == null
                ? transfers.text(transfers.request("POST", path, user.token(), null))
                : transfers.text(transfers.request("POST", path, user.token(), null, "If-Match", ifMatch));
    }

    private TransferClient.Download content(LoggedIn user, JsonNode version) {
        return downloadRange(user, version, null);
    }

    private TransferClient.Download downloadRange(LoggedIn user, JsonNode version, String range) {
        HttpRequest request = range == null
                ? transfers.request("GET", contentPath(version), user.token(), null)
                : transfers.request("GET", contentPath(version), user.token(), null, "Range", range);
        try {
            HttpResponse<byte[]> response = transfers.http().send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new TransferClient.Download(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String contentPath(JsonNode version) {
        return "/api/v1/files/" + fileId + "/versions/"
                + version.get("versionId").asString() + "/content";
    }

    private static List<JsonNode> items(Response page) {
        List<JsonNode> items = new ArrayList<>();
        page.json().get("items").forEach(items::add);
        return items;
    }

    private static BodyPublisher body(String content) {
        return BodyPublishers.ofString(content);
    }

    private static byte[] bytes(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }
}
