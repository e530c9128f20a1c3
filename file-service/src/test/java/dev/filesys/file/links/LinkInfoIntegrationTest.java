package dev.filesys.file.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestSessions;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the page a browser shows for a link reads of it, over real HTTP against real PostgreSQL: {@code ?info}
 * describes a file link's file (or a file under a linked folder) without sending it and without counting a download,
 * behind the password like the content, with the same 404 for every dead end; a folder's listing in pages that hold
 * every file once, in path order; and the balancer's pages may read it and unlock a link across origins.
 */
@FileServiceTest
@TestPropertySource(properties = "filesys.links.misses=100000/1ms")
class LinkInfoIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONTENT = "the quarterly report, in full";

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    final HttpClient http = HttpClient.newHttpClient();
    JdbcTemplate jdbc;
    TestClient client;
    LoggedIn alice;
    String fileId;

    @BeforeEach
    void setUp() throws Exception {
        TestDatabase.clear(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        client = TestClient.onPort(port);
        alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        fileId = upload("report.txt", CONTENT);
    }

    @Test
    void aFileLinkIsDescribedWithoutSendingOrCountingAndTheBalancersPagesMayReadIt() throws Exception {
        JsonNode link = create(Map.of("fileId", fileId, "label", "for Carol", "maxDownloads", 1));
        String token = link.get("token").asString();
        String app =
                "http://127.0.0.1:" + URI.create(StubBalancer.shared().url()).getPort();

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> info = send(request("/l/" + token + "?info")
                    .header("Accept", "application/json")
                    .header("Origin", app));
            assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
            assertThat(info.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
            assertThat(info.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(info.headers().firstValue("Access-Control-Allow-Origin")).hasValue(app);
            JsonNode body = JSON.readTree(info.body());
            assertThat(body.get("type").asString()).isEqualTo("file");
            assertThat(body.get("fileId").asString()).isEqualTo(fileId);
            assertThat(body.get("name").asString()).isEqualTo("report.txt");
            assertThat(body.get("size").asLong()).isEqualTo(CONTENT.length());
            assertThat(body.get("contentType").asString()).startsWith("text/plain");
            assertThat(body.get("label").asString()).isEqualTo("for Carol");
            assertThat(Instant.parse(body.get("expiresAt").asString()))
                    .isEqualTo(Instant.parse(link.get("expiresAt").asString()));
            assertThat(body.has("updatedAt")).isTrue();
        }
        assertThat(jdbc.queryForObject("select downloads from links", Integer.class))
                .as("a description is no download")
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from link_downloads", Long.class))
                .isZero();

        // the one download the limit allows is still there, and after it the description is gone too
        assertThat(send(request("/l/" + token + "?download")).body()).isEqualTo(CONTENT);
        assertGone("/l/" + token + "?info");

        HttpResponse<String> preflight = send(request("/l/" + token + "/unlock")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", app)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"));
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue(app);
    }

    @Test
    void aPasswordProtectedLinkIsDescribedOnlyWithItsAccessToken() throws Exception {
        String token = create(Map.of("fileId", fileId, "password", "open sesame"))
                .get("token")
                .asString();
        HttpResponse<String> locked = send(request("/l/" + token + "?info"));
        assertThat(locked.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(locked.body()).get("code").asString()).isEqualTo("LINK_PASSWORD_REQUIRED");
        assertThat(locked.body()).doesNotContain("report.txt");

        HttpResponse<String> unlocked = send(request("/l/" + token + "/unlock")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"open sesame\"}")));
        String access = JSON.readTree(unlocked.body()).get("accessToken").asString();
        HttpResponse<String> info = send(request("/l/" + token + "?info&access=" + access));
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(info.body()).get("name").asString()).isEqualTo("report.txt");
    }

    @Test
    void aFileUnderALinkedFolderIsDescribedAndEveryDeadEndIsTheSameNotFound() throws Exception {
        UUID docs = folder("docs");
        String inside = upload("inside.txt", "in docs");
        jdbc.update("update files set folder_id = ? where id = ?::uuid", docs, inside);
        String token = create(Map.of("folderId", docs.toString())).get("token").asString();

        JsonNode listing = JSON.readTree(send(request("/l/" + token + "?info")).body());
        assertThat(listing.get("type").asString())
                .as("a folder link answers its listing either way")
                .isEqualTo("folder");
        assertThat(listing.get("items").get(0).get("path").asString()).isEqualTo("inside.txt");

        JsonNode file = JSON.readTree(
                send(request("/l/" + token + "?info&fileId=" + inside)).body());
        assertThat(file.get("name").asString()).isEqualTo("inside.txt");
        assertThat(file.get("size").asLong()).isEqualTo(7);

        assertGone("/l/" + token + "?info&fileId=" + fileId);
        assertGone("/l/" + token + "?info&fileId=not-a-uuid");
        assertGone("/l/" + LinkTokens.newToken() + "?info");
        assertGone("/l/short?info");

        String fileToken = create(Map.of("fileId", fileId)).get("token").asString();
        assertGone("/l/" + fileToken + "?info&fileId=" + inside);
        jdbc.update("update files set trashed_at = now(), trash_root_id = id where id = ?::uuid", fileId);
        assertGone("/l/" + fileToken + "?info");
        assertThat(jdbc.queryForObject("select coalesce(sum(downloads), 0) from links", Integer.class))
                .isZero();
    }

    @Test
    void aFolderLinksPagesHoldEveryFileOnceInPathOrder() throws Exception {
        UUID docs = folder("docs");
        UUID sub = UUID.randomUUID();
        jdbc.update(
                "insert into folders (id, owner_id, parent_id, name) values (?, ?, ?, 'sub')",
                sub,
                alice.userId(),
                docs);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            // many files in one folder, uploaded out of order: a page must be cut by the whole path
            String name = String.format("f%03d.txt", (i * 7) % 150);
            boolean inSub = i % 5 == 0;
            String id = upload(name, name);
            jdbc.update("update files set folder_id = ? where id = ?::uuid", inSub ? sub : docs, id);
            expected.add((inSub ? "sub/" : "") + name);
        }
        expected.sort(null);
        String token = create(Map.of("folderId", docs.toString())).get("token").asString();

        List<String> paths = new ArrayList<>();
        String after = null;
        do {
            String query =
                    "?limit=40" + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            JsonNode page = JSON.readTree(send(request("/l/" + token + query)).body());
            page.get("items").forEach(item -> paths.add(item.get("path").asString()));
            after = page.has("next") ? page.get("next").asString() : null;
        } while (after != null);
        assertThat(paths).containsExactlyElementsOf(expected);
    }

    private void assertGone(String path) throws Exception {
        HttpResponse<String> response = send(request(path));
        assertThat(response.statusCode()).as(path).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo("LINK_NOT_FOUND");
    }

    private JsonNode create(Map<String, ?> body) {
        TestClient.Response response = client.post("/api/v1/links", alice.token(), body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private UUID folder(String name) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "insert into folders (id, owner_id, parent_id, name) values (?, ?,"
                        + " (select id from folders where owner_id = ? and parent_id is null), ?)",
                id,
                alice.userId(),
                alice.userId(),
                name);
        return id;
    }

    private String upload(String name, String text) throws Exception {
        HttpResponse<String> response =
                send(request("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
                        .header("Authorization", "Bearer " + alice.token())
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(text)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("fileId").asString();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
