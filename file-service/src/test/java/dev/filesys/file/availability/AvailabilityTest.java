package dev.filesys.file.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestUsers;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** The availability probe and readiness of a running instance with room for two sessions. */
@FileServiceTest
@TestPropertySource(properties = {"filesys.sessions.capacity=2", "filesys.availability.refresh-interval=200ms"})
class AvailabilityTest {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    TestClient client;

    @BeforeEach
    void setUp() {
        TestDatabase.clear(dataSource);
        client = TestClient.onPort(port);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> availability().json().get("activeSessions").asInt() == 0);
    }

    @Test
    void probeNeedsTheClusterToken() {
        Response none = client.get("/internal/v1/availability", null).expect(401);
        assertThat(none.code()).isEqualTo("INVALID_CLUSTER_TOKEN");
        assertThat(none.header("Content-Type")).startsWith("application/problem+json");
        assertThat(client.get("/internal/v1/availability", "wrong").expect(401).code())
                .isEqualTo("INVALID_CLUSTER_TOKEN");
        String sessionToken = client.openSession(StubBalancer.shared().authCode("file-1"));
        assertThat(client.get("/internal/v1/availability", sessionToken)
                        .expect(401)
                        .code())
                .isEqualTo("INVALID_CLUSTER_TOKEN");
    }

    @Test
    void idleInstanceSaysYes() {
        Response yes = availability();

        assertThat(yes.json().get("available").asBoolean()).isTrue();
        assertThat(yes.json().get("activeSessions").asInt()).isZero();
        assertThat(yes.json().get("capacity").asInt()).isEqualTo(2);
        assertThat(yes.json().get("reason").isNull()).isTrue();
        assertThat(yes.json().get("serverId").asString()).isEqualTo("file-1");
        assertThat(yes.header("Cache-Control")).contains("no-store");
        assertThat(client.get("/readyz", null).status()).isEqualTo(200);
        assertThat(client.get("/livez", null).status()).isEqualTo(200);
    }

    @Test
    void fullInstanceSaysNoAndRefusesHandshakesUntilASessionEnds() {
        // capacity counts logged-in sessions only
        String first = client.openSession(StubBalancer.shared().authCode("file-1"));
        client.register(first, "first", TestUsers.PASSWORD).expect(201);
        String second = client.openSession(StubBalancer.shared().authCode("file-1"));
        client.register(second, "second", TestUsers.PASSWORD).expect(201);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> !availability().json().get("available").asBoolean());
        Response no = availability();
        assertThat(no.json().get("reason").asString()).isEqualTo("AT_CAPACITY");
        assertThat(no.json().get("activeSessions").asInt()).isEqualTo(2);
        Response refused =
                client.beginHandshake(StubBalancer.shared().authCode("file-1")).expect(503);
        assertThat(refused.code()).isEqualTo("SERVER_AT_CAPACITY");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(client.get("/readyz", null).status()).isEqualTo(503);
        assertThat(client.get("/livez", null).status()).isEqualTo(200);

        client.delete("/api/v1/sessions/current", first).expect(204);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> availability().json().get("available").asBoolean());
        assertThat(client.get("/readyz", null).status()).isEqualTo(200);
    }

    @Test
    void sessionsThatExpireStopCountingAfterTheRecount() {
        client.register(client.openSession(StubBalancer.shared().authCode("file-1")), "one", TestUsers.PASSWORD)
                .expect(201);
        client.register(client.openSession(StubBalancer.shared().authCode("file-1")), "two", TestUsers.PASSWORD)
                .expect(201);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !availability().json().get("available").asBoolean());

        new org.springframework.jdbc.core.JdbcTemplate(dataSource)
                .update("update sessions set last_used_at = last_used_at - interval '1 hour'");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> availability().json().get("available").asBoolean());
    }

    @Test
    void sessionsNobodyLogsInToNeverFillTheInstance() {
        for (int i = 0; i < 5; i++) {
            client.openSession(StubBalancer.shared().authCode("file-1"));
        }

        // capacity is 2: five anonymous sessions leave it untouched, through the recount too
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> availability().json().get("available").asBoolean());
        assertThat(availability().json().get("activeSessions").asInt()).isZero();
    }

    @Test
    void metricsArePublished() {
        client.openSession(StubBalancer.shared().authCode("file-1"));

        String metrics = client.getAny("/actuator/prometheus").expect(200).body();

        assertThat(metrics).contains("filesys_sessions_active").contains("filesys_handshakes_total{outcome=\"opened\"");
    }

    private Response availability() {
        return client.get("/internal/v1/availability", StubBalancer.CLUSTER_TOKEN)
                .expect(200);
    }
}
