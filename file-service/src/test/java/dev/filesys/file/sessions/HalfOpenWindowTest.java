package dev.filesys.file.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestClock;
import dev.filesys.file.testsupport.TestDatabase;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/** A handshake dies when its ack comes late; housekeeping clears what dies without anyone asking. */
@FileServiceTest
@TestPropertySource(properties = "filesys.sessions.half-open-timeout=1s")
class HalfOpenWindowTest {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    SessionHousekeeping housekeeping;

    @Autowired
    TestClock clock;

    TestClient client;
    JdbcTemplate jdbc;

    @BeforeEach
    void setUp() {
        TestDatabase.clear(dataSource);
        client = TestClient.onPort(port);
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void lateAckIsRefusedAndTheHalfOpenSessionIsGone() {
        Response started =
                client.beginHandshake(StubBalancer.shared().authCode("file-1")).expect(201);
        assertThat(started.json().get("expiresIn").asLong()).isEqualTo(1);

        clock.advance(Duration.ofMillis(1100));
        Response late = client.ack(started.text("sessionId"), started.text("serverNonce"))
                .expect(401);

        assertThat(late.code()).isEqualTo("HANDSHAKE_EXPIRED");
        assertThat(late.text("detail")).contains("within 1 seconds");
        assertThat(count("select count(*) from sessions")).isZero();
    }

    @Test
    void housekeepingPurgesStaleHandshakesAndClosesExpiredSessions() {
        client.beginHandshake(StubBalancer.shared().authCode("file-1")).expect(201);
        String idle = client.openSession(StubBalancer.shared().authCode("file-1"));
        String fresh = client.openSession(StubBalancer.shared().authCode("file-1"));
        jdbc.update(
                "update sessions set last_used_at = last_used_at - interval '31 minutes'"
                        + " where token_hash = sha256(?::bytea)",
                idle);
        jdbc.update("insert into used_auth_codes (jti, used_at, expires_at) values ('old', now() - interval '1 hour',"
                + " now() - interval '59 minutes')");
        jdbc.update("insert into sessions (id, state, server_id, created_at, started_at, last_used_at, closed_at)"
                + " values (gen_random_uuid(), 'CLOSED', 'file-1', now() - interval '3 days',"
                + " now() - interval '3 days', now() - interval '3 days', now() - interval '2 days')");
        clock.advance(Duration.ofMillis(1050));

        housekeeping.purge();

        assertThat(count("select count(*) from sessions where state = 'HALF_OPEN'"))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "select state from sessions where token_hash = sha256(?::bytea)", String.class, idle))
                .isEqualTo("CLOSED");
        assertThat(jdbc.queryForObject(
                        "select state from sessions where token_hash = sha256(?::bytea)", String.class, fresh))
                .isEqualTo("OPEN");
        assertThat(count("select count(*) from sessions"))
                .as("the long-closed row is gone")
                .isEqualTo(2);
        assertThat(count("select count(*) from used_auth_codes"))
                .as("only unexpired codes stay")
                .isEqualTo(3);
        assertThat(client.get("/api/v1/me", idle).expect(401).code()).isEqualTo("SESSION_EXPIRED");
    }

    private int count(String sql) {
        return jdbc.queryForObject(sql, Integer.class);
    }
}
