package dev.filesys.file.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestSessions;
import dev.filesys.file.testsupport.TestUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** A user's own password, sessions and account, against a real server and database. */
@FileServiceTest
@TestPropertySource(properties = "filesys.sweeper.enabled=false")
class SelfServiceIntegrationTest extends AliceOnTheService {

    private static final String NEW_PASSWORD = "a brand new secret";

    @Test
    void changingThePasswordEndsTheOtherSessionsAndKeepsThisOne() {
        String other = secondLogin();

        api.post(
                        "/api/v1/me/password",
                        alice.token(),
                        Map.of("oldPassword", TestUsers.PASSWORD, "newPassword", NEW_PASSWORD))
                .expect(204);

        api.get("/api/v1/me", alice.token()).expect(200);
        assertThat(api.get("/api/v1/me", other).expect(401).code()).isEqualTo("SESSION_EXPIRED");
        String session = api.openSession(StubBalancer.shared().authCode("file-1"));
        assertThat(api.login(session, "alice", TestUsers.PASSWORD).expect(401).code())
                .isEqualTo("INVALID_CREDENTIALS");
        api.login(session, "alice", NEW_PASSWORD).expect(200);
    }

    @Test
    void aWrongOldPasswordOrAWeakNewOneChangesNothing() {
        String hash = passwordHash();
        String other = secondLogin();

        assertThat(api.post(
                                "/api/v1/me/password",
                                alice.token(),
                                Map.of("oldPassword", "not my password", "newPassword", NEW_PASSWORD))
                        .expect(403)
                        .code())
                .isEqualTo("WRONG_PASSWORD");
        assertThat(api.post(
                                "/api/v1/me/password",
                                alice.token(),
                                Map.of("oldPassword", TestUsers.PASSWORD, "newPassword", "password"))
                        .expect(400)
                        .code())
                .isEqualTo("WEAK_PASSWORD");
        assertThat(api.post(
                                "/api/v1/me/password",
                                alice.token(),
                                Map.of("oldPassword", TestUsers.PASSWORD, "newPassword", TestUsers.PASSWORD))
                        .expect(400)
                        .code())
                .isEqualTo("WEAK_PASSWORD");
        assertThat(api.post("/api/v1/me/password", alice.token(), Map.of("newPassword", NEW_PASSWORD))
                        .expect(400)
                        .code())
                .isEqualTo("MALFORMED_REQUEST");

        assertThat(passwordHash()).isEqualTo(hash);
        api.get("/api/v1/me", other).expect(200);
    }

    @Test
    void wrongOldPasswordsAreThrottledLikeLogins() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            statuses.add(api.post(
                            "/api/v1/me/password",
                            alice.token(),
                            Map.of("oldPassword", "guess number " + i, "newPassword", NEW_PASSWORD))
                    .status());
        }
        assertThat(statuses).startsWith(403, 403, 403, 403, 403).contains(429);
    }

    @Test
    void aUserSeesAndEndsTheirOwnSessions() {
        String second = secondLogin();
        String third = secondLogin();
        Response bobs = api.get(
                        "/api/v1/me/sessions", TestUsers.register(api, "bob").token())
                .expect(200);
        assertThat(bobs.json().get("items")).hasSize(1);

        JsonNode items =
                api.get("/api/v1/me/sessions", alice.token()).expect(200).json().get("items");
        assertThat(items).hasSize(3);
        List<String> current = new ArrayList<>();
        items.forEach(item -> {
            if (item.get("current").asBoolean()) {
                current.add(item.get("sessionId").asString());
            }
            assertThat(item.get("serverId").asString()).isEqualTo("file-1");
        });
        assertThat(current)
                .containsExactly(
                        TestSessions.sessionId(dataSource, alice.token()).toString());

        String secondId = TestSessions.sessionId(dataSource, second).toString();
        String bobsId = bobs.json().get("items").get(0).get("sessionId").asString();
        assertThat(api.delete("/api/v1/me/sessions/" + bobsId, alice.token())
                        .expect(404)
                        .code())
                .isEqualTo("SESSION_NOT_FOUND");
        assertThat(api.delete("/api/v1/me/sessions/not-a-uuid", alice.token())
                        .expect(404)
                        .code())
                .isEqualTo("SESSION_NOT_FOUND");
        api.delete("/api/v1/me/sessions/" + secondId, alice.token()).expect(204);
        assertThat(api.get("/api/v1/me", second).expect(401).code()).isEqualTo("SESSION_EXPIRED");
        api.get("/api/v1/me", third).expect(200);

        assertThat(api.delete("/api/v1/me/sessions", alice.token())
                        .expect(200)
                        .json()
                        .get("ended")
                        .asInt())
                .isEqualTo(1);
        assertThat(api.get("/api/v1/me", third).expect(401).code()).isEqualTo("SESSION_EXPIRED");
        api.get("/api/v1/me", alice.token()).expect(200);
        assertThat(api.get("/api/v1/me/sessions", alice.token())
                        .expect(200)
                        .json()
                        .get("items"))
                .hasSize(1);
    }

    @Test
    void deletingYourAccountNeedsYourPasswordAndTakesEverything() {
        transfers.upload(alice.token(), "mine.txt", "my bytes".getBytes()).expect(201);
        String other = secondLogin();

        assertThat(api.delete("/api/v1/me", alice.token(), Map.of("password", "not my password"))
                        .expect(403)
                        .code())
                .isEqualTo("WRONG_PASSWORD");
        assertThat(api.delete("/api/v1/me", alice.token(), Map.of()).expect(400).code())
                .isEqualTo("MALFORMED_REQUEST");
        assertThat(storage.rows("files")).isEqualTo(1);
        assertThat(storage.rows("users")).isEqualTo(1);

        api.delete("/api/v1/me", alice.token(), Map.of("password", TestUsers.PASSWORD))
                .expect(204);

        assertThat(storage.rows("users")).isZero();
        assertThat(storage.rows("files")).isZero();
        assertThat(storage.rows("storage_usage")).isZero();
        assertThat(storage.rows("folders")).isZero();
        assertThat(api.get("/api/v1/me", alice.token()).expect(401).code()).isEqualTo("SESSION_REQUIRED");
        assertThat(api.get("/api/v1/me", other).expect(401).code()).isEqualTo("SESSION_REQUIRED");
    }

    private String secondLogin() {
        String session = api.openSession(StubBalancer.shared().authCode("file-1"));
        return api.login(session, "alice", TestUsers.PASSWORD).expect(200).text("sessionToken");
    }

    private String passwordHash() {
        return storage.jdbc().queryForObject("SELECT password_hash FROM users WHERE username = 'alice'", String.class);
    }
}
