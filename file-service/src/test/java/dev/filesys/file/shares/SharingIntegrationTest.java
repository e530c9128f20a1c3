package dev.filesys.file.shares;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Who may do what with a file: the owner, a sharee (while the share lasts), and everyone else. */
@FileServiceTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "filesys.sweeper.enabled=false")
class SharingIntegrationTest extends AliceOnTheService {

    private static final byte[] CONTENT = "alice's private notes".getBytes();

    LoggedIn bob;
    String fileId;

    @BeforeEach
    void bobCarolAndAliceSharedFile() {
        bob = TestUsers.register(api, "bob");
        TestUsers.register(api, "carol");
        fileId = transfers
                .upload(alice.token(), "notes.txt", CONTENT)
                .expect(201)
                .text("fileId");
    }

    @Test
    void anotherUserCanDoNothingWithAFileNotSharedWithThem() {
        assertCannotSee(bob);

        Response overwrite = transfers
                .upload(bob.token(), "name=notes.txt&overwrite=true", BodyPublishers.ofString("bob's"))
                .expect(201);
        assertThat(overwrite.text("fileId")).isNotEqualTo(fileId);
        assertThat(transfers.download(alice.token(), fileId).body()).isEqualTo(CONTENT);
    }

    @Test
    void aShareLetsTheShareeListAndDownloadButNotManage() {
        Response granted = share(alice, "bob", Map.of("permission", "read")).expect(201);
        assertThat(granted.text("username")).isEqualTo("bob");
        assertThat(granted.text("permission")).isEqualTo("read");
        assertThat(share(alice, "bob", Map.of("permission", "read")).expect(200).text("username"))
                .isEqualTo("bob");

        JsonNode shared =
                api.get("/api/v1/files?scope=shared", bob.token()).expect(200).json();
        assertThat(shared.get("items")).hasSize(1);
        assertThat(shared.get("items").get(0).get("fileId").asString()).isEqualTo(fileId);
        assertThat(shared.get("items").get(0).get("access").asString()).isEqualTo("shared");
        assertThat(shared.get("items").get(0).get("owner").asString()).isEqualTo("alice");
        assertThat(api.get("/api/v1/files?scope=owned", bob.token())
                        .expect(200)
                        .json()
                        .get("items"))
                .isEmpty();
        assertThat(api.get("/api/v1/files?scope=all", bob.token())
                        .expect(200)
                        .json()
                        .get("items"))
                .hasSize(1);

        Response metadata = api.get("/api/v1/files/" + fileId, bob.token()).expect(200);
        assertThat(metadata.text("access")).isEqualTo("shared");
        assertThat(metadata.json().has("shares")).isFalse();
        assertThat(transfers.download(bob.token(), fileId).expect(200).body()).isEqualTo(CONTENT);

        assertThat(api.delete("/api/v1/files/" + fileId, bob.token())
                        .expect(403)
                        .code())
                .isEqualTo("NOT_OWNER");
        assertThat(share(bob, "carol", Map.of("permission", "read")).expect(403).code())
                .isEqualTo("NOT_OWNER");
        assertThat(api.delete("/api/v1/files/" + fileId + "/shares/bob", bob.token())
                        .expect(403)
                        .code())
                .isEqualTo("NOT_OWNER");

        JsonNode ownerView =
                api.get("/api/v1/files/" + fileId, alice.token()).expect(200).json();
        assertThat(ownerView.get("shares")).hasSize(1);
        assertThat(ownerView.get("shares").get(0).get("username").asString()).isEqualTo("bob");
        assertThat(storage.rows("files")).isEqualTo(1);
    }

    @Test
    void afterUnshareTheFileIsNotFoundAgain() {
        share(alice, "bob", Map.of()).expect(201);
        transfers.download(bob.token(), fileId).expect(200);

        api.delete("/api/v1/files/" + fileId + "/shares/bob", alice.token()).expect(204);
        api.delete("/api/v1/files/" + fileId + "/shares/bob", alice.token()).expect(204);
        api.delete("/api/v1/files/" + fileId + "/shares/nobody-at-all", alice.token())
                .expect(204);

        assertCannotSee(bob);
    }

    @Test
    void aShareWhoseExpiryPassedIsNoShare() {
        Instant soon = Instant.now().plusSeconds(4);
        Response granted = share(alice, "bob", Map.of("permission", "read", "expiresAt", soon.toString()))
                .expect(201);
        assertThat(Instant.parse(granted.text("expiresAt"))).isEqualTo(soon.truncatedTo(ChronoUnit.MICROS));
        transfers.download(bob.token(), fileId).expect(200);
        assertThat(api.get("/api/v1/files/" + fileId, bob.token()).expect(200).text("sharedUntil"))
                .isNotNull();

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> transfers.download(bob.token(), fileId).status() == 404);

        assertCannotSee(bob);
        assertThat(api.get("/api/v1/files/" + fileId, alice.token())
                        .expect(200)
                        .json()
                        .get("shares"))
                .isEmpty();
    }

    @Test
    void refusedSharesAreProblems() {
        assertThat(share(alice, "nobody-at-all", Map.of()).expect(404).code()).isEqualTo("USER_NOT_FOUND");
        assertThat(share(alice, "alice", Map.of()).expect(400).code()).isEqualTo("CANNOT_SHARE_WITH_SELF");
        assertThat(share(alice, "bob", Map.of("permission", "write"))
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_PERMISSION");
        assertThat(share(alice, "bob", Map.of("expiresAt", "2000-01-01T00:00:00Z"))
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_EXPIRY");
        assertThat(transfers
                        .text(transfers.request(
                                "PUT",
                                "/api/v1/files/" + fileId + "/shares/bob",
                                alice.token(),
                                BodyPublishers.ofString("{not json"),
                                "Content-Type",
                                "application/json"))
                        .expect(400)
                        .code())
                .isEqualTo("MALFORMED_REQUEST");
        assertThat(storage.rows("shares")).isZero();
    }

    @Test
    void anExpiryOutOfRangeIsAProblemNamingTheRangeNotAServerError(CapturedOutput output) {
        for (String expiresAt : List.of(
                "\"+10000-01-01T00:00:00Z\"",
                "\"+294277-01-01T00:00:00Z\"",
                "\"+1000000000-12-31T23:59:59Z\"",
                "31556889864403199",
                "\"2000-01-01T00:00:00+18:00\"")) {
            Response refused = transfers
                    .text(transfers.request(
                            "PUT",
                            "/api/v1/files/" + fileId + "/shares/bob",
                            alice.token(),
                            BodyPublishers.ofString("{\"expiresAt\":" + expiresAt + "}"),
                            "Content-Type",
                            "application/json"))
                    .expect(400);
            assertThat(refused.code()).as(expiresAt).isEqualTo("INVALID_EXPIRY");
            assertThat(refused.text("detail")).contains("after the current time", "9999-12-31T23:59:59.999999Z");
        }
        assertThat(storage.rows("shares")).isZero();
        assertThat(output.getAll()).doesNotContain("unexpected failure").doesNotContain("ArithmeticException");

        Response latest = share(alice, "bob", Map.of("expiresAt", "9999-12-31T23:59:59.999999Z"))
                .expect(201);
        assertThat(latest.text("expiresAt")).isEqualTo("9999-12-31T23:59:59.999999Z");
        Response precise = share(alice, "bob", Map.of("expiresAt", "2100-01-01T00:00:00.123456789Z"))
                .expect(200);
        assertThat(precise.text("expiresAt")).isEqualTo("2100-01-01T00:00:00.123456Z");
        assertThat(api.get("/api/v1/files/" + fileId, bob.token()).expect(200).text("sharedUntil"))
                .isEqualTo("2100-01-01T00:00:00.123456Z");
    }

    @Test
    void usernamesAreCaseInsensitiveAndTheBodyIsOptional() {
        Response granted = transfers.text(transfers.request(
                "PUT", "/api/v1/files/" + fileId + "/shares/BOB", alice.token(), BodyPublishers.noBody()));
        assertThat(granted.expect(201).text("permission")).isEqualTo("read");
        transfers.download(bob.token(), fileId).expect(200);
    }

    @Test
    void deletingAFileEndsItsSharesAccessAndPurgingRemovesThem() {
        share(alice, "bob", Map.of()).expect(201);

        api.delete("/api/v1/files/" + fileId, alice.token()).expect(204);
        assertCannotSee(bob);

        api.delete("/api/v1/trash/" + fileId, alice.token()).expect(204);
        assertThat(storage.rows("shares")).isZero();
        assertCannotSee(bob);
    }

    private void assertCannotSee(LoggedIn user) {
        assertThat(api.get("/api/v1/files/" + fileId, user.token()).expect(404).code())
                .isEqualTo("FILE_NOT_FOUND");
        assertThat(transfers.download(user.token(), fileId).status()).isEqualTo(404);
        assertThat(share(user, "carol", Map.of()).expect(404).code()).isEqualTo("FILE_NOT_FOUND");
        assertThat(api.delete("/api/v1/files/" + fileId + "/shares/carol", user.token())
                        .expect(404)
                        .code())
                .isEqualTo("FILE_NOT_FOUND");
        assertThat(api.delete("/api/v1/files/" + fileId, user.token())
                        .expect(404)
                        .code())
                .isEqualTo("FILE_NOT_FOUND");
        assertThat(ids(api.get("/api/v1/files?scope=all", user.token())
                        .expect(200)
                        .json()))
                .doesNotContain(fileId);
        assertThat(ids(api.get("/api/v1/files?scope=shared", user.token())
                        .expect(200)
                        .json()))
                .doesNotContain(fileId);
    }

    private Response share(LoggedIn owner, String username, Map<String, ?> body) {
        return transfers.text(transfers.request(
                "PUT",
                "/api/v1/files/" + fileId + "/shares/" + username,
                owner.token(),
                BodyPublishers.ofString(json(body)),
                "Content-Type",
                "application/json"));
    }

    private static String json(Map<String, ?> body) {
        List<String> fields = new ArrayList<>();
        body.forEach((name, value) -> fields.add("\"" + name + "\":\"" + value + "\""));
        return "{" + String.join(",", fields) + "}";
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("fileId").asString()));
        return ids;
    }
}
