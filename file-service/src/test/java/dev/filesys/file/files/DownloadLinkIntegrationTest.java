package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestSessions;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Download links over real HTTP: a link downloads its one file for its user without the session header, with ranges,
 * for as long as that user may see the file; a link for another file, an altered one, or none of this instance's is
 * refused as a problem.
 */
@FileServiceTest
class DownloadLinkIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONTENT = "the quarterly report, in full";

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    HttpClient http = HttpClient.newHttpClient();
    TestClient client;
    LoggedIn alice;
    LoggedIn bob;
    String fileId;

    @BeforeEach
    void setUp() throws Exception {
        TestDatabase.clear(dataSource);
        client = TestClient.onPort(port);
        alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        bob = TestSessions.loggedIn(client, dataSource, "file-1", "bob");
        fileId = upload(alice, "report (final).txt", CONTENT);
    }

    @Test
    void aLinkDownloadsItsFileWithoutTheSessionHeaderRangesIncluded() throws Exception {
        JsonNode link = createLink(alice, fileId, 201);
        assertThat(link.get("path").asString()).startsWith("/api/v1/files/" + fileId + "/content?link=");
        assertThat(link.get("url").asString())
                .isEqualTo("http://localhost:" + port + link.get("path").asString());
        assertThat(Instant.parse(link.get("expiresAt").asString()))
                .isBetween(Instant.now().plusSeconds(50), Instant.now().plusSeconds(61));

        HttpResponse<String> whole = get(link.get("url").asString(), null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(CONTENT);
        assertThat(whole.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment;")
                .contains("report (final).txt");

        HttpResponse<String> part = get(link.get("url").asString(), "bytes=4-13");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("quarterly ");
    }

    @Test
    void aShareeGetsALinkWhileTheShareLastsAndTheLinkStopsWithIt() throws Exception {
        assertThat(createLink(bob, fileId, 404).get("code").asString()).isEqualTo("FILE_NOT_FOUND");
        HttpResponse<String> shared = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/v1/files/" + fileId + "/shares/bob"))
                        .header("Authorization", "Bearer " + alice.token())
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(shared.statusCode()).as(shared.body()).isEqualTo(201);

        String url = createLink(bob, fileId, 201).get("url").asString();
        assertThat(get(url, null).body()).isEqualTo(CONTENT);

        client.delete("/api/v1/files/" + fileId + "/shares/bob", alice.token()).expect(204);
        HttpResponse<String> revoked = get(url, null);
        assertThat(revoked.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(revoked.body()).get("code").asString()).isEqualTo("FILE_NOT_FOUND");
    }

    @Test
    void aLinkForAnotherFileOrAlteredOrMadeUpIsRefused() throws Exception {
        String other = upload(alice, "other.txt", "other");
        String token = createLink(alice, fileId, 201).get("path").asString().replaceFirst(".*link=", "");

        assertRefused("/api/v1/files/" + other + "/content?link=" + token, "INVALID_DOWNLOAD_LINK");
        String altered = token.substring(0, 10) + DownloadLinksTest.flipped(token.charAt(10)) + token.substring(11);
        assertRefused("/api/v1/files/" + fileId + "/content?link=" + altered, "INVALID_DOWNLOAD_LINK");
        assertRefused("/api/v1/files/" + fileId + "/content?link=not-a-link", "INVALID_DOWNLOAD_LINK");
        assertRefused("/api/v1/files/" + fileId + "/content?link=", "INVALID_DOWNLOAD_LINK");
        assertRefused("/api/v1/files/" + fileId + "/content?link=%25%25.%25", "INVALID_DOWNLOAD_LINK");
    }

    @Test
    void withoutALinkTheContentStillNeedsTheSession() throws Exception {
        HttpResponse<String> response = get("http://127.0.0.1:" + port + "/api/v1/files/" + fileId + "/content", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(createLinkWithoutSession().statusCode()).isEqualTo(401);
    }

    private void assertRefused(String path, String code) throws Exception {
        HttpResponse<String> response = get("http://127.0.0.1:" + port + path, null);
        assertThat(response.statusCode()).as(path).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo(code);
    }

    private JsonNode createLink(LoggedIn user, String file, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://localhost:" + port + "/api/v1/files/" + file + "/download-links"))
                        .header("Authorization", "Bearer " + user.token())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        if (expectedStatus == 201) {
            assertThat(response.headers().firstValue("Cache-Control").orElseThrow())
                    .contains("no-store");
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> createLinkWithoutSession() throws Exception {
        return http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/v1/files/" + fileId + "/download-links"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String range) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (range != null) {
            request.header("Range", range);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String upload(LoggedIn owner, String name, String text) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/files?name="
                                + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + owner.token())
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(text))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return UUID.fromString(JSON.readTree(response.body()).get("fileId").asString())
                .toString();
    }
}
