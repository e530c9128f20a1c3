package dev.filesys.file.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestSessions;
import dev.filesys.protocol.authcode.AuthCodeSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The handshake against a real server and database: the happy path, resumption, and every misuse refused with its own
 * code and nothing left behind.
 */
@FileServiceTest
class HandshakeTest {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    TestClient client;
    JdbcTemplate jdbc;
    StubBalancer balancer = StubBalancer.shared();

    @BeforeEach
    void setUp() {
        TestDatabase.clear(dataSource);
        client = TestClient.onPort(port);
        jdbc = new JdbcTemplate(dataSource);
    }

    @Test
    void handshakeOpensSessionWhoseTokenWorksUntilClosed() {
        Response started = client.beginHandshake(balancer.authCode("file-1")).expect(201);
        assertThat(started.text("sessionId")).isNotBlank();
        assertThat(started.text("serverNonce")).hasSize(43);
        assertThat(started.json().get("expiresIn").asLong()).isEqualTo(10);
        assertThat(jdbc.queryForObject("select state from sessions", String.class))
                .isEqualTo("HALF_OPEN");
        assertThat(count("used_auth_codes")).isEqualTo(1);

        Response acked = client.ack(started.text("sessionId"), started.text("serverNonce"))
                .expect(200);
        String token = acked.text("sessionToken");
        assertThat(token).hasSize(43);
        assertThat(acked.json().get("idleTimeoutSeconds").asLong()).isEqualTo(1800);
        assertThat(acked.json().get("resumed").asBoolean()).isFalse();
        assertThat(jdbc.queryForObject("select state from sessions", String.class))
                .isEqualTo("OPEN");
        assertThat(jdbc.queryForObject(
                        "select count(*) from sessions where token_hash = sha256(?::bytea)", Integer.class, token))
                .as("only the token's SHA-256 is stored")
                .isEqualTo(1);

        client.delete("/api/v1/sessions/current", token).expect(204);

        assertThat(client.delete("/api/v1/sessions/current", token).expect(401).code())
                .isEqualTo("SESSION_EXPIRED");
        assertThat(client.get("/api/v1/me", token).expect(401).code()).isEqualTo("SESSION_EXPIRED");
    }

    @Test
    void replayedCodeIsRefused() {
        String code = balancer.authCode("file-1");
        client.beginHandshake(code).expect(201);

        Response replay = client.beginHandshake(code).expect(401);

        assertThat(replay.code()).isEqualTo("AUTH_CODE_REPLAYED");
        assertThat(count("sessions")).isEqualTo(1);
    }

    @Test
    void ofTwoConcurrentUsesOfOneCodeExactlyOneSucceeds() throws Exception {
        for (int round = 0; round < 5; round++) {
            String code = balancer.authCode("file-1");
            CountDownLatch start = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                List<Future<Response>> results = List.of(
                        pool.submit(() -> {
                            start.await();
                            return client.beginHandshake(code);
                        }),
                        pool.submit(() -> {
                            start.await();
                            return client.beginHandshake(code);
                        }));
                start.countDown();
                List<String> outcomes =
                        results.stream().map(HandshakeTest::outcome).sorted().toList();
                assertThat(outcomes).containsExactly("201", "401 AUTH_CODE_REPLAYED");
            }
        }
        assertThat(count("sessions")).isEqualTo(5);
        assertThat(count("used_auth_codes")).isEqualTo(5);
    }

    @Test
    void codeForAnotherServerIsRefused() {
        assertRefusedWithoutTrace(balancer.authCode("file-2"));
    }

    @Test
    void expiredCodeIsRefused() {
        AuthCodeSigner past =
                balancer.signer(Duration.ofSeconds(30), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));
        assertRefusedWithoutTrace(past.sign("file-1").code());
    }

    @Test
    void tamperedCodesAreRefused() {
        String code = balancer.authCode("file-1");
        String[] parts = code.split("\\.");
        char[] signature = parts[2].toCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';
        assertRefusedWithoutTrace(parts[0] + "." + parts[1] + "." + new String(signature));

        String otherAudience = balancer.authCode("file-2").split("\\.")[1];
        assertRefusedWithoutTrace(parts[0] + "." + otherAudience + "." + parts[2]);

        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String longer = claims.replaceFirst("\"exp\":(\\d+)", "\"exp\":4102444800");
        assertThat(longer).isNotEqualTo(claims);
        assertRefusedWithoutTrace(parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(longer.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2]);
    }

    @Test
    void codeSignedWithUnknownKeyIsRefused() {
        AuthCodeSigner stranger = new AuthCodeSigner(
                StubBalancer.generateKey("stranger"), "stub-balancer", Duration.ofSeconds(30), Clock.systemUTC());
        assertRefusedWithoutTrace(stranger.sign("file-1").code());
    }

    @Test
    void missingOrGarbageCodeIsRefused() {
        Response missing = client.post("/api/v1/sessions", null, Map.of()).expect(401);
        assertThat(missing.code()).isEqualTo("INVALID_AUTH_CODE");
        assertRefusedWithoutTrace("not-a-jws");
        assertRefusedWithoutTrace("");

        Response noBody = client.postRaw("/api/v1/sessions", null, "").expect(400);
        assertThat(noBody.code()).isEqualTo("MALFORMED_REQUEST");
        assertThat(count("sessions")).isZero();
    }

    @Test
    void ackWithWrongNonceIsRefusedAndVoidsTheHandshake() {
        Response started = client.beginHandshake(balancer.authCode("file-1")).expect(201);

        Response wrong = client.ack(
                        started.text("sessionId"),
                        "AAAA" + started.text("serverNonce").substring(4))
                .expect(401);

        assertThat(wrong.code()).isEqualTo("INVALID_NONCE");
        assertThat(count("sessions")).isZero();
        Response retry = client.ack(started.text("sessionId"), started.text("serverNonce"))
                .expect(401);
        assertThat(retry.code()).isEqualTo("HANDSHAKE_EXPIRED");
        assertThat(count("sessions")).isZero();
    }

    @Test
    void ackWithoutNonceOrForUnknownSessionIsRefused() {
        Response started = client.beginHandshake(balancer.authCode("file-1")).expect(201);
        assertThat(client.post("/api/v1/sessions/" + started.text("sessionId") + "/ack", null, Map.of())
                        .expect(401)
                        .code())
                .isEqualTo("INVALID_NONCE");

        assertThat(client.ack("6b1f3c1e-0000-4000-8000-000000000000", "x")
                        .expect(401)
                        .code())
                .isEqualTo("HANDSHAKE_EXPIRED");
        assertThat(client.ack("not-a-uuid", "x").expect(400).code()).isEqualTo("BAD_REQUEST");
        assertThat(count("sessions")).isZero();
    }

    @Test
    void requestsWithoutAUsableTokenAreRefused() {
        assertThat(client.get("/api/v1/me", null).expect(401).code()).isEqualTo("SESSION_REQUIRED");
        assertThat(client.get("/api/v1/me", "unknown-token").expect(401).code()).isEqualTo("SESSION_REQUIRED");

        String idle = client.openSession(balancer.authCode("file-1"));
        jdbc.update(
                "update sessions set last_used_at = last_used_at - interval '31 minutes' where token_hash ="
                        + " sha256(?::bytea)",
                idle);
        assertThat(client.get("/api/v1/me", idle).expect(401).code()).isEqualTo("SESSION_EXPIRED");
        assertThat(client.delete("/api/v1/sessions/current", idle).expect(401).code())
                .isEqualTo("SESSION_EXPIRED");

        String old = client.openSession(balancer.authCode("file-1"));
        jdbc.update(
                "update sessions set started_at = started_at - interval '13 hours',"
                        + " created_at = created_at - interval '13 hours' where token_hash = sha256(?::bytea)",
                old);
        assertThat(client.get("/api/v1/me", old).expect(401).code()).isEqualTo("SESSION_EXPIRED");

        assertThat(jdbc.queryForList("select state from sessions", String.class))
                .as("expired sessions are closed when they are next presented")
                .containsOnly("CLOSED");
    }

    @Test
    void usingASessionKeepsItAlive() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        jdbc.update("update sessions set last_used_at = last_used_at - interval '29 minutes'");

        client.get("/api/v1/me", alice.token()).expect(200);

        assertThat(jdbc.queryForObject(
                        "select now() - last_used_at < interval '1 minute' from sessions", Boolean.class))
                .isTrue();
    }

    @Test
    void resumeTokenAdoptsTheLiveSessionAndRetiresItsToken() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");

        Response started = client.beginHandshake(balancer.authCode("file-1"), alice.token())
                .expect(201);
        Response acked = client.ack(started.text("sessionId"), started.text("serverNonce"))
                .expect(200);

        assertThat(acked.json().get("resumed").asBoolean()).isTrue();
        String token = acked.text("sessionToken");
        assertThat(token).isNotEqualTo(alice.token());
        assertThat(client.get("/api/v1/me", token).expect(200).text("username")).isEqualTo("alice");
        assertThat(client.get("/api/v1/me", alice.token()).expect(401).code()).isEqualTo("SESSION_EXPIRED");
    }

    @Test
    void resumeTokenOfNoLiveSessionGivesAFreshSession() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        client.delete("/api/v1/sessions/current", alice.token()).expect(204);

        for (String resumeToken : List.of(alice.token(), "garbage")) {
            Response started = client.beginHandshake(balancer.authCode("file-1"), resumeToken)
                    .expect(201);
            Response acked = client.ack(started.text("sessionId"), started.text("serverNonce"))
                    .expect(200);

            assertThat(acked.json().get("resumed").asBoolean()).isFalse();
            assertThat(client.get("/api/v1/me", acked.text("sessionToken"))
                            .expect(401)
                            .code())
                    .isEqualTo("NOT_LOGGED_IN");
        }
    }

    private void assertRefusedWithoutTrace(String code) {
        Response refused = client.beginHandshake(code).expect(401);
        assertThat(refused.code()).isEqualTo("INVALID_AUTH_CODE");
        assertThat(refused.text("detail")).doesNotContain("signature", "audience", "expired");
        assertThat(count("sessions")).isZero();
        assertThat(count("used_auth_codes")).isZero();
    }

    private int count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Integer.class);
    }

    private static String outcome(Future<Response> future) {
        try {
            Response response = future.get();
            return response.status() == 201 ? "201" : response.status() + " " + response.code();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
