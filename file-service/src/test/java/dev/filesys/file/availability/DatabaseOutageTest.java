package dev.filesys.file.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The instance says no once its database is gone: a PostgreSQL of its own, really stopped mid-test (not a mock), and
 * the answer follows without the probe ever touching the database.
 */
@FileServiceTest
@DirtiesContext
@TestPropertySource(
        properties = {
            "filesys.availability.refresh-interval=200ms",
            "filesys.availability.stale-after=1s",
            "spring.datasource.hikari.connection-timeout=500"
        })
class DatabaseOutageTest {

    static EmbeddedPostgres postgres;

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .start();
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        postgres.close();
    }

    @LocalServerPort
    int port;

    @Test
    void lostDatabaseTurnsTheAnswerToNo() throws IOException {
        TestClient client = TestClient.onPort(port);
        assertThat(probe(client).json().get("available").asBoolean()).isTrue();

        postgres.close();

        await().atMost(Duration.ofSeconds(15))
                .until(() -> "DATABASE_UNREACHABLE".equals(probe(client).text("reason")));
        assertThat(probe(client).json().get("available").asBoolean()).isFalse();
        assertThat(client.get("/readyz", null).status()).isEqualTo(503);
        assertThat(client.get("/livez", null).status()).isEqualTo(200);
        assertThat(client.beginHandshake(StubBalancer.shared().authCode("file-1"))
                        .expect(503)
                        .code())
                .isEqualTo("SERVER_UNAVAILABLE");
    }

    private static Response probe(TestClient client) {
        return client.get("/internal/v1/availability", StubBalancer.CLUSTER_TOKEN)
                .expect(200);
    }
}
