package dev.filesys.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestSessions;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TransferClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.Base64;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A file-service as it runs behind the edge proxy: it trusts the edge's forwarded headers (here the loopback address,
 * where the test's requests come from), advertises the public URL with its id, and keeps metrics and the API
 * description on a management port of its own.
 */
@FileServiceTest
// settings no other test shares: close the context afterwards instead of keeping its connections in the cache
@DirtiesContext
@TestPropertySource(
        properties = {
            "filesys.server.id=file-service-7",
            "filesys.server.public-url=https://files.example.com/s/${filesys.server.id}",
            "filesys.trusted-proxies=127.0.0.0/8, ::1",
            "management.server.port=0"
        })
class BehindTheEdgeTest {

    private static final String[] THROUGH_THE_EDGE = {
        "X-Forwarded-For", "203.0.113.7",
        "X-Forwarded-Proto", "https",
        "X-Forwarded-Host", "files.example.com",
        "X-Forwarded-Prefix", "/s/file-service-7"
    };

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    DataSource dataSource;

    @Autowired
    FileServiceProperties properties;

    TestClient api;
    TransferClient transfers;
    LoggedIn alice;

    @BeforeEach
    void setUp() {
        TestDatabase.clear(dataSource);
        api = TestClient.onPort(port);
        transfers = TransferClient.onPort(port);
        alice = TestSessions.loggedIn(api, dataSource, "file-service-7", "alice");
    }

    @Test
    void theTusLocationIsThePublicUrlUnderThePrefix() {
        Response created = transfers.send(
                "POST",
                "/api/v1/uploads",
                alice.token(),
                with(
                        "Tus-Resumable", "1.0.0",
                        "Upload-Length", "3",
                        "Upload-Metadata", "filename " + base64("edge.txt")));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location"))
                .matches("https://files\\.example\\.com/s/file-service-7/api/v1/uploads/[0-9a-f-]{36}");
    }

    @Test
    void aSimpleUploadsLocationIsThePublicUrlToo() {
        Response uploaded = transfers.text(transfers.request(
                "POST",
                "/api/v1/files?name=edge.bin",
                alice.token(),
                BodyPublishers.ofByteArray(new byte[] {1, 2, 3}),
                with("Content-Type", "application/octet-stream")));

        assertThat(uploaded.status()).isEqualTo(201);
        assertThat(uploaded.header("Location"))
                .isEqualTo("https://files.example.com/s/file-service-7/api/v1/files/" + uploaded.text("fileId"));
    }

    @Test
    void withoutTheEdgesHeadersTheLocationIsTheDirectOne() {
        Response created = transfers.send(
                "POST",
                "/api/v1/uploads",
                alice.token(),
                "Tus-Resumable",
                "1.0.0",
                "Upload-Length",
                "3",
                "Upload-Metadata",
                "filename " + base64("direct.txt"));

        assertThat(created.header("Location")).startsWith("http://127.0.0.1:" + port + "/api/v1/uploads/");
    }

    @Test
    void theAvailabilityAnswerNamesThePublicUrlWithTheIdFilledIn() {
        JsonNode answer = api.get(
                        "/internal/v1/availability", properties.balancer().clusterToken())
                .expect(200)
                .json();

        assertThat(answer.get("serverId").asString()).isEqualTo("file-service-7");
        assertThat(answer.get("publicUrl").asString()).isEqualTo("https://files.example.com/s/file-service-7");
    }

    @Test
    void metricsAndTheApiDescriptionAreOnTheManagementPortOnly() {
        TestClient management = TestClient.onPort(managementPort);

        assertThat(api.getAny("/v3/api-docs").status()).isEqualTo(404);
        assertThat(api.getAny("/actuator/prometheus").status()).isEqualTo(404);
        assertThat(api.getAny("/swagger-ui.html").status()).isEqualTo(404);

        JsonNode description =
                management.get("/actuator/openapi", null).expect(200).json();
        assertThat(description.get("paths").has("/api/v1/uploads")).isTrue();
        assertThat(description.get("servers").get(0).get("url").asString())
                .isEqualTo("https://files.example.com/s/file-service-7");
        assertThat(management.getAny("/actuator/swagger-ui").status()).isIn(200, 302);
        assertThat(management.getAny("/actuator/prometheus").expect(200).body())
                .contains("http_server_requests_seconds_bucket");
    }

    @Test
    void theProbesStayOnTheServicesPort() {
        assertThat(api.getAny("/livez").status()).isEqualTo(200);
        assertThat(api.getAny("/readyz").status()).isEqualTo(200);
    }

    private static String[] with(String... extra) {
        String[] all = new String[THROUGH_THE_EDGE.length + extra.length];
        System.arraycopy(THROUGH_THE_EDGE, 0, all, 0, THROUGH_THE_EDGE.length);
        System.arraycopy(extra, 0, all, THROUGH_THE_EDGE.length, extra.length);
        return all;
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
