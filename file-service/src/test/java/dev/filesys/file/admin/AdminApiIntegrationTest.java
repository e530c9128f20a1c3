package dev.filesys.file.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.blobs.BlobSweeping;
import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The admin API against a real server and database: alice is the admin (promoted with the cluster token), bob is not. */
@FileServiceTest
@TestPropertySource(properties = {"filesys.sweeper.enabled=false", "filesys.sweeper.grace-period=0s"})
class AdminApiIntegrationTest extends AliceOnTheService {

    @Autowired
    ApplicationContext context;

    LoggedIn bob;

    @BeforeEach
    void aliceIsTheAdmin() {
        api.put("/internal/v1/admins/alice", StubBalancer.CLUSTER_TOKEN, null).expect(200);
        bob = TestUsers.register(api, "bob");
    }

    @Test
    void theFirstAdminIsMadeOnlyWithTheClusterToken() {
        TestUsers.register(api, "carol");

        Response refused =
                api.put("/internal/v1/admins/carol", "not-the-token", null).expect(401);
        assertThat(refused.code()).isEqualTo("INVALID_CLUSTER_TOKEN");
        assertThat(api.put("/internal/v1/admins/carol", bob.token(), null)
                        .expect(401)
                        .code())
                .isEqualTo("INVALID_CLUSTER_TOKEN");
        assertThat(api.put("/internal/v1/admins/nobody", StubBalancer.CLUSTER_TOKEN, null)
                        .expect(404)
                        .code())
                .isEqualTo("USER_NOT_FOUND");
        assertThat(role("carol")).isEqualTo("user");

        assertThat(api.put("/internal/v1/admins/carol", StubBalancer.CLUSTER_TOKEN, null)
                        .expect(200)
                        .text("role"))
                .isEqualTo("admin");
        assertThat(role("carol")).isEqualTo("admin");
        JsonNode entry = audit(alice, 50).get(0);
        assertThat(entry.get("admin").asString()).isEqualTo("(cluster token)");
        assertThat(entry.get("action").asString()).isEqualTo("set_role");
        assertThat(entry.get("target").asString()).isEqualTo("carol");
        assertThat(entry.get("clientAddress").asString()).isEqualTo("127.0.0.1");
    }

    @Test
    void toEveryoneButAnAdminTheAdminApiIsTheNotFoundOfAnUnknownPath() {
        List<String> paths = List.of(
                "/api/v1/admin/users", "/api/v1/admin/users/bob", "/api/v1/admin/audit", "/api/v1/admin/integrity");
        for (String path : paths) {
            Response unknown = api.get(path + "-nothing-here", bob.token()).expect(404);
            for (String token : new String[] {bob.token(), null, "made-up-token"}) {
                Response refused = api.get(path, token).expect(404);
                assertThat(refused.code()).isEqualTo("NOT_FOUND");
                assertThat(refused.header("Content-Type")).isEqualTo(unknown.header("Content-Type"));
                assertThat(refused.body().replace(path.substring(1), "PATH"))
                        .isEqualTo(unknown.body().replace((path + "-nothing-here").substring(1), "PATH"));
            }
        }
        assertThat(api.post("/api/v1/admin/users/alice/disable", bob.token(), null)
                        .expect(404)
                        .code())
                .isEqualTo("NOT_FOUND");
        assertThat(api.delete("/api/v1/admin/users/alice", bob.token())
                        .expect(404)
                        .code())
                .isEqualTo("NOT_FOUND");
        assertThat(api.post("/api/v1/admin/fsck?fix=true", bob.token(), null)
                        .expect(404)
                        .code())
                .isEqualTo("NOT_FOUND");
        assertThat(api.put("/api/v1/admin/users/bob/quota", bob.token(), Map.of("quotaBytes", 1 << 30))
                        .expect(404)
                        .code())
                .isEqualTo("NOT_FOUND");
        assertThat(api.put("/api/v1/admin/users/bob/role", bob.token(), Map.of("role", "admin"))
                        .expect(404)
                        .code())
                .isEqualTo("NOT_FOUND");
        assertThat(role("bob")).isEqualTo("user");
        assertThat(role("alice")).isEqualTo("admin");
        assertThat(storage.rows("admin_audit")).isEqualTo(1); // alice's promotion only
    }

    @Test
    void usersArePagedByNameWithTheirUsage() {
        for (String name : List.of("dave", "erin", "frank")) {
            TestUsers.register(api, name);
        }
        byte[] content = new byte[1234];
        transfers.upload(bob.token(), "b.bin", content).expect(201);

        List<String> names = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Response page = api.get(
                            "/api/v1/admin/users?limit=2" + (after == null ? "" : "&after=" + after), alice.token())
                    .expect(200);
            page.json()
                    .get("items")
                    .forEach(item -> names.add(item.get("username").asString()));
            after = page.json().get("next").isNull()
                    ? null
                    : page.json().get("next").asString();
            pages++;
        } while (after != null);
        assertThat(names).containsExactly("alice", "bob", "dave", "erin", "frank");
        assertThat(pages).isEqualTo(3);

        JsonNode found = api.get("/api/v1/admin/users?q=B", alice.token())
                .expect(200)
                .json()
                .get("items");
        assertThat(found).hasSize(1);
        JsonNode user = found.get(0);
        assertThat(user.get("username").asString()).isEqualTo("bob");
        assertThat(user.get("role").asString()).isEqualTo("user");
        assertThat(user.get("usage").get("files").asLong()).isEqualTo(1);
        assertThat(user.get("usage").get("bytes").asLong()).isEqualTo(1234);
        assertThat(user.get("usage").get("chargedBytes").asLong()).isEqualTo(1234);
        assertThat(user.get("quotaBytes").asLong())
                .isEqualTo(properties.storage().quota().toBytes());
        assertThat(user.get("defaultQuota").asBoolean()).isTrue();
        assertThat(user.get("lastLoginAt").isNull()).isTrue(); // registered, never logged in

        assertThat(api.get("/api/v1/admin/users?limit=0", alice.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_REQUEST");
        assertThat(api.get("/api/v1/admin/users/nobody", alice.token())
                        .expect(404)
                        .code())
                .isEqualTo("USER_NOT_FOUND");
        String session = api.openSession(StubBalancer.shared().authCode("file-1"));
        api.login(session, "bob", TestUsers.PASSWORD).expect(200);
        assertThat(api.get("/api/v1/admin/users/bob", alice.token())
                        .expect(200)
                        .json()
                        .get("lastLoginAt")
                        .isNull())
                .isFalse();
    }

    @Test
    void disablingEndsEverySessionAtOnceAndRefusesLoginsUntilEnabled() {
        String second = api.openSession(StubBalancer.shared().authCode("file-1"));
        String secondToken =
                api.login(second, "bob", TestUsers.PASSWORD).expect(200).text("sessionToken");
        api.get("/api/v1/me", secondToken).expect(200);

        JsonNode disabled = api.post("/api/v1/admin/users/bob/disable", alice.token(), null)
                .expect(200)
                .json();
        assertThat(disabled.get("disabledAt").isNull()).isFalse();

        assertThat(api.get("/api/v1/me", bob.token()).expect(401).code()).isEqualTo("SESSION_EXPIRED");
        assertThat(api.get("/api/v1/me", secondToken).expect(401).code()).isEqualTo("SESSION_EXPIRED");
        String third = api.openSession(StubBalancer.shared().authCode("file-1"));
        assertThat(api.login(third, "bob", TestUsers.PASSWORD).expect(403).code())
                .isEqualTo("ACCOUNT_DISABLED");
        assertThat(api.login(third, "bob", "wrong password!").expect(401).code())
                .isEqualTo("INVALID_CREDENTIALS");

        api.post("/api/v1/admin/users/bob/enable", alice.token(), null).expect(200);
        String token = api.login(third, "bob", TestUsers.PASSWORD).expect(200).text("sessionToken");
        api.get("/api/v1/me", token).expect(200);
        assertThat(actions()).containsExactly("enable", "disable", "set_role");
    }

    @Test
    void theLastActiveAdminCannotBeDisabledDemotedOrDeleted() {
        assertThat(api.post("/api/v1/admin/users/alice/disable", alice.token(), null)
                        .expect(409)
                        .code())
                .isEqualTo("LAST_ADMIN");
        assertThat(api.put("/api/v1/admin/users/alice/role", alice.token(), Map.of("role", "user"))
                        .expect(409)
                        .code())
                .isEqualTo("LAST_ADMIN");
        assertThat(api.delete("/api/v1/admin/users/alice", alice.token())
                        .expect(409)
                        .code())
                .isEqualTo("LAST_ADMIN");
        assertThat(api.delete("/api/v1/me", alice.token(), Map.of("password", TestUsers.PASSWORD))
                        .expect(409)
                        .code())
                .isEqualTo("LAST_ADMIN");
        assertThat(role("alice")).isEqualTo("admin");
        api.get("/api/v1/admin/users", alice.token()).expect(200);
        assertThat(actions()).containsExactly("set_role");

        // with a second admin, the first may go
        api.put("/api/v1/admin/users/bob/role", alice.token(), Map.of("role", "admin"))
                .expect(200);
        api.post("/api/v1/admin/users/bob/disable", alice.token(), null).expect(200);
        assertThat(api.put("/api/v1/admin/users/alice/role", alice.token(), Map.of("role", "user"))
                        .expect(409)
                        .code())
                .isEqualTo("LAST_ADMIN"); // bob is an admin, but a disabled one
        api.post("/api/v1/admin/users/bob/enable", alice.token(), null).expect(200);
        api.put("/api/v1/admin/users/alice/role", alice.token(), Map.of("role", "user"))
                .expect(200);
        assertThat(api.get("/api/v1/admin/users", alice.token()).expect(404).code())
                .isEqualTo("NOT_FOUND");

        assertThat(api.put("/api/v1/admin/users/alice/role", alice.token(), Map.of("role", "root"))
                        .expect(404)
                        .code())
                .isEqualTo("NOT_FOUND");
    }

    @Test
    void anUnknownRoleOrANegativeQuotaIsRefusedAndChangesNothing() {
        assertThat(api.put("/api/v1/admin/users/bob/role", alice.token(), Map.of("role", "root"))
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_ROLE");
        assertThat(api.put("/api/v1/admin/users/bob/quota", alice.token(), Map.of("quotaBytes", -1))
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_QUOTA");
        assertThat(api.put("/api/v1/admin/users/nobody/quota", alice.token(), Map.of("quotaBytes", 1))
                        .expect(404)
                        .code())
                .isEqualTo("USER_NOT_FOUND");
        assertThat(role("bob")).isEqualTo("user");
        assertThat(storage.jdbc()
                        .queryForObject("SELECT count(*) FROM users WHERE quota_bytes IS NOT NULL", Long.class))
                .isZero();
        assertThat(actions()).containsExactly("set_role");
    }

    @Test
    void aQuotaBelowUsageIsAllowedAndRefusesFurtherUploads() {
        transfers.upload(bob.token(), "first.bin", new byte[100]).expect(201);

        JsonNode user = api.put("/api/v1/admin/users/bob/quota", alice.token(), Map.of("quotaBytes", 50))
                .expect(200)
                .json();
        assertThat(user.get("quotaBytes").asLong()).isEqualTo(50);
        assertThat(user.get("defaultQuota").asBoolean()).isFalse();

        assertThat(transfers
                        .upload(bob.token(), "second.bin", new byte[1])
                        .expect(507)
                        .code())
                .isEqualTo("QUOTA_EXCEEDED");
        assertThat(api.post("/api/v1/uploads", bob.token(), null).status()).isNotEqualTo(201);
        transfers.upload(alice.token(), "alice.bin", new byte[1000]).expect(201); // alice keeps the default
        assertThat(storage.rows("files")).isEqualTo(2);

        Map<String, Object> backToDefault = new HashMap<>();
        backToDefault.put("quotaBytes", null);
        api.put("/api/v1/admin/users/bob/quota", alice.token(), backToDefault).expect(200);
        transfers.upload(bob.token(), "second.bin", new byte[1]).expect(201);
        assertThat(actions()).containsExactly("set_quota", "set_quota", "set_role");
    }

    @Test
    void aPasswordResetEndsSessionsAndAllowsNothingButAPasswordChange() {
        Response reset = api.post("/api/v1/admin/users/bob/password-reset", alice.token(), null)
                .expect(200);
        assertThat(reset.header("Cache-Control")).contains("no-store");
        String temporary = reset.text("temporaryPassword");
        assertThat(temporary).hasSize(20);
        assertThat(api.get("/api/v1/me", bob.token()).expect(401).code()).isEqualTo("SESSION_EXPIRED");

        String session = api.openSession(StubBalancer.shared().authCode("file-1"));
        assertThat(api.login(session, "bob", TestUsers.PASSWORD).expect(401).code())
                .isEqualTo("INVALID_CREDENTIALS");
        String token = api.login(session, "bob", temporary).expect(200).text("sessionToken");
        JsonNode me = api.get("/api/v1/me", token).expect(200).json();
        assertThat(me.get("mustChangePassword").asBoolean()).isTrue();
        for (Response refused : List.of(
                api.get("/api/v1/files", token),
                api.get("/api/v1/me/sessions", token),
                transfers.upload(token, "x.bin", new byte[1]))) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("PASSWORD_CHANGE_REQUIRED");
        }
        assertThat(storage.rows("files")).isZero();

        api.post("/api/v1/me/password", token, Map.of("oldPassword", temporary, "newPassword", "a brand new secret"))
                .expect(204);
        assertThat(api.get("/api/v1/me", token)
                        .expect(200)
                        .json()
                        .get("mustChangePassword")
                        .asBoolean())
                .isFalse();
        api.get("/api/v1/files", token).expect(200);
        assertThat(actions()).containsExactly("reset_password", "set_role");
        assertThat(storage.jdbc()
                        .queryForObject(
                                "SELECT count(*) FROM admin_audit WHERE detail::text LIKE ?",
                                Long.class,
                                "%" + temporary + "%"))
                .isZero();
    }

    @Test
    void deletingAUserRemovesTheirDataAndTheSweeperTheirBlobs() {
        String bobsFile = transfers
                .upload(bob.token(), "bob.bin", "bob's bytes".getBytes())
                .expect(201)
                .text("fileId");
        String alicesFile = transfers
                .upload(alice.token(), "alice.bin", "alice's bytes".getBytes())
                .expect(201)
                .text("fileId");
        api.put("/api/v1/files/" + alicesFile + "/shares/bob", alice.token(), Map.of("permission", "read"))
                .expect(201);
        api.put("/api/v1/files/" + bobsFile + "/shares/alice", bob.token(), Map.of("permission", "read"))
                .expect(201);

        String bobsBlob =
                api.get("/api/v1/files/" + bobsFile, alice.token()).expect(200).text("sha256");
        Timestamp touched = touchedAt(bobsBlob);

        api.delete("/api/v1/admin/users/bob", alice.token()).expect(204);

        // the grace period before the sweeper may remove bob's blob starts at the removal
        assertThat(touchedAt(bobsBlob)).isAfter(touched);

        assertThat(api.get("/api/v1/me", bob.token()).expect(401).code()).isEqualTo("SESSION_REQUIRED");
        assertThat(api.get("/api/v1/files/" + bobsFile, alice.token())
                        .expect(404)
                        .code())
                .isEqualTo("FILE_NOT_FOUND");
        api.get("/api/v1/files/" + alicesFile, alice.token()).expect(200);
        for (String table : List.of("files", "shares", "storage_usage", "folders")) {
            assertThat(storage.jdbc()
                            .queryForObject(
                                    "SELECT count(*) FROM " + table + " t WHERE NOT EXISTS"
                                            + " (SELECT 1 FROM users u WHERE u.username = 'alice')",
                                    Long.class))
                    .as(table)
                    .isZero();
        }
        assertThat(storage.rows("files")).isEqualTo(1);
        assertThat(storage.rows("shares")).isZero();
        assertThat(storage.jdbc().queryForObject("SELECT count(*) FROM users WHERE username = 'bob'", Long.class))
                .isZero();
        assertThat(storage.jdbc()
                        .queryForObject(
                                "SELECT count(*) FROM sessions WHERE user_id IS NOT NULL"
                                        + " AND user_id NOT IN (SELECT id FROM users)",
                                Long.class))
                .isZero();
        BlobSweeping.sweep(context);
        assertThat(storage.rows("blobs")).isEqualTo(1);
        assertThat(storage.blobFiles()).hasSize(1);
        assertThat(api.delete("/api/v1/admin/users/bob", alice.token())
                        .expect(404)
                        .code())
                .isEqualTo("USER_NOT_FOUND");
        assertThat(actions()).containsExactly("delete", "set_role");
    }

    @Test
    void fsckReportsABlobMissingFromTheStoreAndAFixingRunIsAudited() throws java.io.IOException {
        String sha256 = transfers
                .upload(bob.token(), "gone.bin", "bytes that will go missing".getBytes())
                .expect(201)
                .text("sha256");
        Response healthy = api.post("/api/v1/admin/fsck", alice.token(), null).expect(200);
        assertThat(healthy.json().get("clean").asBoolean()).isTrue();
        java.nio.file.Files.delete(storage.blobFiles().stream()
                .filter(path -> path.getFileName().toString().equals(sha256))
                .findFirst()
                .orElseThrow());

        JsonNode report = api.post("/api/v1/admin/fsck?fix=true", alice.token(), null)
                .expect(200)
                .json();

        assertThat(report.get("clean").asBoolean()).isFalse();
        assertThat(java.util.stream.StreamSupport.stream(report.get("problems").spliterator(), false)
                        .filter(problem -> problem.get("sha256").asString().equals(sha256))
                        .map(problem -> problem.get("kind").asString()))
                .containsExactly("MISSING_BLOB");
        assertThat(actions()).containsExactly("fsck_fix", "set_role");
        assertThat(api.get("/api/v1/admin/integrity", alice.token())
                        .expect(200)
                        .json()
                        .isArray())
                .isTrue();
    }

    @Test
    void theAuditLogIsPagedNewestFirst() {
        for (int i = 0; i < 3; i++) {
            api.post("/api/v1/admin/users/bob/disable", alice.token(), null).expect(200);
            api.post("/api/v1/admin/users/bob/enable", alice.token(), null).expect(200);
        }
        List<String> seen = new ArrayList<>();
        Response page = api.get("/api/v1/admin/audit?limit=4", alice.token()).expect(200);
        page.json().get("items").forEach(item -> seen.add(item.get("action").asString()));
        long next = page.json().get("next").asLong();
        Response rest = api.get("/api/v1/admin/audit?limit=4&before=" + next, alice.token())
                .expect(200);
        rest.json().get("items").forEach(item -> seen.add(item.get("action").asString()));
        assertThat(rest.json().get("next").isNull()).isTrue();
        assertThat(seen).containsExactly("enable", "disable", "enable", "disable", "enable", "disable", "set_role");
        JsonNode newest = page.json().get("items").get(0);
        assertThat(newest.get("admin").asString()).isEqualTo("alice");
        assertThat(newest.get("target").asString()).isEqualTo("bob");
        assertThat(newest.get("at").asString()).isNotBlank();
    }

    private Timestamp touchedAt(String sha256) {
        return storage.jdbc().queryForObject("SELECT touched_at FROM blobs WHERE sha256 = ?", Timestamp.class, sha256);
    }

    private String role(String username) {
        return storage.jdbc().queryForObject("SELECT role FROM users WHERE username = ?", String.class, username);
    }

    private List<String> actions() {
        return storage.jdbc().queryForList("SELECT action FROM admin_audit ORDER BY id DESC", String.class);
    }

    private JsonNode audit(LoggedIn admin, int limit) {
        return api.get("/api/v1/admin/audit?limit=" + limit, admin.token())
                .expect(200)
                .json()
                .get("items");
    }
}
