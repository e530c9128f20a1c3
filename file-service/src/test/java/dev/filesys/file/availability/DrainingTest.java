package dev.filesys.file.availability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/** A draining instance says no and refuses handshakes, but serves the sessions it has. */
@FileServiceTest
@DirtiesContext
class DrainingTest {

    @LocalServerPort
    int port;

    @Autowired
    InstanceAvailability availability;

    @Test
    void drainingInstanceSaysNoToNewClientsOnly() {
        TestClient client = TestClient.onPort(port);
        String existing = client.openSession(StubBalancer.shared().authCode("file-1"));

        availability.drain();

        Response no = client.get("/internal/v1/availability", StubBalancer.CLUSTER_TOKEN)
                .expect(200);
        assertThat(no.json().get("available").asBoolean()).isFalse();
        assertThat(no.json().get("reason").asString()).isEqualTo("DRAINING");
        Response refused =
                client.beginHandshake(StubBalancer.shared().authCode("file-1")).expect(503);
        assertThat(refused.code()).isEqualTo("SERVER_DRAINING");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(client.get("/readyz", null).status()).isEqualTo(503);
        assertThat(client.get("/livez", null).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/me", existing).expect(401).code())
                .as("an existing session is still recognised")
                .isEqualTo("NOT_LOGGED_IN");
    }
}
