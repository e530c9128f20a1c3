package dev.filesys.file.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The handshake against a real server and database: code, nonce, ack, token, close. */
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

        Response acked = client.ack(started.text("sessionId"), started.text("serverNonce"))
                .expect(200);
        String token = acked.text("sessionToken");
        assertThat(token).hasSize(43);
        assertThat(acked.json().get("idleTimeoutSeconds").asLong()).isEqualTo(1800);
        assertThat(acked.json().get("resumed").asBoolean()).isFalse();
        assertThat(jdbc.queryForObject("select state from sessions", String.class))
                .isEqualTo("OPEN");

        client.delete("/api/v1/sessions/current", token).expect(204);

        assertThat(client.delete("/api/v1/sessions/current", token).expect(401).code())
                .isEqualTo("SESSION_EXPIRED");
    }
}
