package dev.filesys.file.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.testsupport.FileServiceTest;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Public links over real HTTP against real PostgreSQL: each option (expiry, password, download limit, label), revoking
 * and deleting ending access at once, the exact limit under 20 concurrent downloads, password throttling, folder links
 * (a file added later reachable, one outside not), the download record and the owner's event, and bad input refused
 * with nothing left behind.
 */
@FileServiceTest
@TestPropertySource(properties = "filesys.links.misses=100000/1ms")
class LinkApiIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONTENT = "the quarterly report, in full";

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    HttpClient http = HttpClient.newHttpClient();
    JdbcTemplate jdbc;
    TestClient client;
    LoggedIn alice;
    LoggedIn bob;
    String fileId;

    @BeforeEach
    void setUp() throws Exception {
        TestDatabase.clear(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        client = TestClient.onPort(port);
        alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");
        bob = TestSessions.loggedIn(client, dataSource, "file-1", "bob");
        fileId = upload(alice, "report.txt", CONTENT);
    }

    @Test
    void aFileLinkDownloadsWithoutAnAccountRangesIncludedAndEveryDownloadIsRecordedAndAnnounced() throws Exception {
        JsonNode link = create(alice, Map.of("fileId", fileId, "label", "for Carol"), 201);
        String token = link.get("token").asString();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(link.get("url").asString()).endsWith("/l/" + token);
        assertThat(link.get("state").asString()).isEqualTo("active");
        assertThat(link.get("passwordProtected").asBoolean()).isFalse();
        assertThat(Instant.parse(link.get("expiresAt").asString()))
                .isBetween(
                        Instant.now().plus(Duration.ofDays(7)).minusSeconds(60),
                        Instant.now().plus(Duration.ofDays(7)));
        assertThat(jdbc.queryForObject("select count(*) from links where token_sha256 = ?", Long.class, (Object)
                        LinkTokens.sha256(token)))
                .isEqualTo(1);

        HttpResponse<String> whole = get("/l/" + token, Map.of());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(CONTENT);
        assertThat(whole.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("report.txt");
        HttpResponse<String> part = get("/l/" + token, Map.of("Range", "bytes=4-13"));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("quarterly ");
        HttpResponse<String> head = send(HttpRequest.newBuilder(uri("/l/" + token))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(head.statusCode()).isEqualTo(200);

        JsonNode listed =
                json(client.get("/api/v1/links", alice.token()).expect(200).body());
        assertThat(listed.get("items")).hasSize(1);
        JsonNode view = listed.get("items").get(0);
        assertThat(view.get("downloads").asInt())
                .as("HEAD sends no content and does not count")
                .isEqualTo(2);
        assertThat(view.get("label").asString()).isEqualTo("for Carol");
        assertThat(view.has("token")).as("the token is shown once").isFalse();
        assertThat(view.has("url")).isFalse();

        JsonNode record =
                json(client.get("/api/v1/links/" + link.get("linkId").asString() + "/downloads", alice.token())
                        .expect(200)
                        .body());
        assertThat(record.get("items")).hasSize(2);
        assertThat(record.get("items").get(0).get("bytes").asLong()).isEqualTo(10);
        assertThat(record.get("items").get(1).get("bytes").asLong()).isEqualTo(CONTENT.length());
        assertThat(record.get("items").get(0).get("clientAddress").asString()).isEqualTo("127.0.0.1");
        assertThat(record.get("items").get(0).get("fileName").asString()).isEqualTo("report.txt");
        assertThat(client.get("/api/v1/links/" + link.get("linkId").asString() + "/downloads", bob.token())
                        .expect(404)
                        .code())
                .isEqualTo("LINK_NOT_FOUND");

        // events are relayed from the outbox just after their change commits
        String linkUsed = "select payload::text from events where type = 'link_used' and ? = any(user_ids) order by id";
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForList(linkUsed, String.class, alice.userId())
                                .size()
                        >= 2);
        List<String> events = jdbc.queryForList(linkUsed, String.class, alice.userId());
        assertThat(events).hasSize(2);
        assertThat(json(events.get(1)).get("linkId").asString())
                .isEqualTo(link.get("linkId").asString());
        assertThat(json(events.get(1)).get("downloads").asInt()).isEqualTo(2);
        assertThat(json(events.get(1)).get("bytes").asLong()).isEqualTo(10);
    }

    @Test
    void unknownRevokedExpiredExhaustedAndMalformedAllGetTheSameNotFound() throws Exception {
        assertGone("/l/" + LinkTokens.newToken());
        assertGone("/l/short");
        assertGone("/l/" + "a".repeat(43) + "a");
        assertGone("/l/" + "a".repeat(42) + "*");
        assertGone("/l/" + "a".repeat(5000));

        String revoked =
                create(alice, Map.of("fileId", fileId), 201).get("token").asString();
        assertThat(get("/l/" + revoked, Map.of()).statusCode()).isEqualTo(200);
        String revokedId = linkId(revoked);
        client.delete("/api/v1/links/" + revokedId, bob.token()).expect(404);
        assertThat(get("/l/" + revoked, Map.of()).statusCode()).isEqualTo(200);
        client.delete("/api/v1/links/" + revokedId, alice.token()).expect(204);
        assertGone("/l/" + revoked);
        client.delete("/api/v1/links/" + revokedId, alice.token()).expect(204);
        assertThat(json(client.get("/api/v1/links/" + revokedId, alice.token())
                                .expect(200)
                                .body())
                        .get("state")
                        .asString())
                .isEqualTo("revoked");

        String expired =
                create(alice, Map.of("fileId", fileId), 201).get("token").asString();
        jdbc.update("update links set expires_at = now() - interval '1 second' where id = ?::uuid", linkId(expired));
        assertGone("/l/" + expired);

        String once = create(alice, Map.of("fileId", fileId, "maxDownloads", 1), 201)
                .get("token")
                .asString();
        assertThat(get("/l/" + once, Map.of()).statusCode()).isEqualTo(200);
        assertGone("/l/" + once);
        assertThat(json(client.get("/api/v1/links/" + linkId(once), alice.token())
                                .expect(200)
                                .body())
                        .get("state")
                        .asString())
                .isEqualTo("exhausted");
    }

    @Test
    void deletingOrTrashingTheFileEndsItsLinksAtOnce() throws Exception {
        String trashed =
                create(alice, Map.of("fileId", fileId), 201).get("token").asString();
        jdbc.update("update files set trashed_at = now(), trash_root_id = id where id = ?::uuid", fileId);
        assertGone("/l/" + trashed);
        jdbc.update("update files set trashed_at = null, trash_root_id = null where id = ?::uuid", fileId);
        assertThat(get("/l/" + trashed, Map.of()).statusCode()).isEqualTo(200);

        client.delete("/api/v1/files/" + fileId, alice.token()).expect(204);
        assertGone("/l/" + trashed);
    }

    @Test
    void theDownloadLimitHoldsExactlyUnderTwentyConcurrentDownloads() throws Exception {
        String token = create(alice, Map.of("fileId", fileId, "maxDownloads", 5), 201)
                .get("token")
                .asString();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return get("/l/" + token, Map.of()).statusCode();
                }));
            }
            start.countDown();
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get());
        }
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(5);
        assertThat(statuses).filteredOn(status -> status == 404).hasSize(15);
        assertThat(jdbc.queryForObject("select downloads from links where id = ?::uuid", Integer.class, linkId(token)))
                .isEqualTo(5);
        assertThat(jdbc.queryForObject("select count(*) from link_downloads", Integer.class))
                .isEqualTo(5);
    }

    @Test
    void aPasswordIsCheckedOnceThenAnAccessTokenScopedToTheLinkCarriesOn() throws Exception {
        String token = create(alice, Map.of("fileId", fileId, "password", "open sesame"), 201)
                .get("token")
                .asString();
        String other = create(alice, Map.of("fileId", fileId, "password", "open sesame"), 201)
                .get("token")
                .asString();
        HttpResponse<String> locked = get("/l/" + token, Map.of());
        assertThat(locked.statusCode()).isEqualTo(401);
        assertThat(json(locked.body()).get("code").asString()).isEqualTo("LINK_PASSWORD_REQUIRED");

        HttpResponse<String> wrong = unlock(token, "open barley");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong.body()).get("code").asString()).isEqualTo("INVALID_LINK_PASSWORD");

        HttpResponse<String> right = unlock(token, "open sesame");
        assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
        String access = json(right.body()).get("accessToken").asString();
        String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");

        assertThat(get("/l/" + token, Map.of("X-Link-Access", access)).body()).isEqualTo(CONTENT);
        assertThat(get("/l/" + token + "?access=" + access, Map.of()).body()).isEqualTo(CONTENT);
        assertThat(get("/l/" + token, Map.of("Cookie", cookie.substring(0, cookie.indexOf(';'))))
                        .body())
                .isEqualTo(CONTENT);
        assertThat(get("/l/" + other, Map.of("X-Link-Access", access)).statusCode())
                .as("an access token is for its own link only")
                .isEqualTo(401);
        String forged = access.substring(0, access.indexOf('.')) + "9" + access.substring(access.indexOf('.'));
        assertThat(get("/l/" + token, Map.of("X-Link-Access", forged)).statusCode())
                .isEqualTo(401);

        // a new password voids the access tokens given for the old one
        client.patch("/api/v1/links/" + linkId(token), alice.token(), Map.of("password", "new words"));
        assertThat(get("/l/" + token, Map.of("X-Link-Access", access)).statusCode())
                .isEqualTo(401);
    }

    @Test
    void wrongPasswordsAreThrottledPerLinkAsLoginsAre() throws Exception {
        String token = create(alice, Map.of("fileId", fileId, "password", "open sesame"), 201)
                .get("token")
                .asString();
        for (int i = 0; i < 5; i++) {
            assertThat(unlock(token, "guess " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> sixth = unlock(token, "guess 5");
        assertThat(sixth.statusCode()).as("the sixth guess counts and blocks").isEqualTo(401);
        HttpResponse<String> blocked = unlock(token, "open sesame");
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(json(blocked.body()).get("code").asString()).isEqualTo("TOO_MANY_ATTEMPTS");
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
        assertThat(jdbc.queryForObject(
                        "select failures from login_attempts where throttle_key = ?",
                        Integer.class,
                        "link:" + linkId(token)))
                .isEqualTo(6);
    }

    @Test
    void aFolderLinkListsAndDownloadsWhatIsUnderItIncludingFilesAddedLater() throws Exception {
        UUID docs = folder(alice.userId(), null, "docs");
        UUID sub = folder(alice.userId(), docs, "sub");
        String inDocs = upload(alice, "a.txt", "in docs");
        move(inDocs, docs);
        String outside = upload(alice, "outside.txt", "not linked");
        JsonNode link = create(alice, Map.of("folderId", docs.toString()), 201);
        String token = link.get("token").asString();

        JsonNode listing = json(get("/l/" + token, Map.of()).body());
        assertThat(listing.get("type").asString()).isEqualTo("folder");
        assertThat(listing.get("name").asString()).isEqualTo("docs");
        assertThat(listing.get("items")).hasSize(1);
        assertThat(listing.get("items").get(0).get("path").asString()).isEqualTo("a.txt");

        String later = upload(alice, "b.txt", "added later");
        move(later, sub);
        listing = json(get("/l/" + token, Map.of()).body());
        assertThat(listing.get("items"))
                .extracting(item -> item.get("path").asString())
                .containsExactly("a.txt", "sub/b.txt");
        assertThat(get("/l/" + token + "?fileId=" + later, Map.of()).body()).isEqualTo("added later");
        assertThat(get("/l/" + token + "?fileId=" + inDocs, Map.of()).body()).isEqualTo("in docs");
        assertGone("/l/" + token + "?fileId=" + outside);
        assertGone("/l/" + token + "?fileId=not-a-uuid");

        JsonNode firstPage = json(get("/l/" + token + "?limit=1", Map.of()).body());
        assertThat(firstPage.get("next").asString()).isEqualTo("a.txt");
        JsonNode secondPage =
                json(get("/l/" + token + "?limit=1&after=a.txt", Map.of()).body());
        assertThat(secondPage.get("items").get(0).get("path").asString()).isEqualTo("sub/b.txt");
        assertThat(secondPage.has("next")).isFalse();

        // the subfolder in the trash: what it holds is out of reach, the rest is not
        jdbc.update("update folders set trashed_at = now(), trash_root_id = id where id = ?", sub);
        jdbc.update("update files set trashed_at = now(), trash_root_id = ? where id = ?::uuid", sub, later);
        assertGone("/l/" + token + "?fileId=" + later);
        assertThat(json(get("/l/" + token, Map.of()).body()).get("items")).hasSize(1);
        jdbc.update("update folders set trashed_at = now(), trash_root_id = id where id = ?", docs);
        assertGone("/l/" + token);
        assertThat(jdbc.queryForObject("select downloads from links", Integer.class))
                .isEqualTo(2);
    }

    @Test
    void badRequestsAreRefusedAndLeaveNothingBehind() throws Exception {
        String bobsFile = upload(bob, "bob.txt", "bob's");
        assertRefused(Map.of(), 400, "INVALID_LINK_REQUEST");
        assertRefused(Map.of("fileId", fileId, "folderId", UUID.randomUUID().toString()), 400, "INVALID_LINK_REQUEST");
        assertRefused(Map.of("fileId", fileId, "maxDownloads", 0), 400, "INVALID_LINK_REQUEST");
        assertRefused(Map.of("fileId", fileId, "label", "x".repeat(201)), 400, "INVALID_LINK_REQUEST");
        assertRefused(Map.of("fileId", fileId, "expiresAt", "2020-01-01T00:00:00Z"), 400, "INVALID_EXPIRY");
        assertRefused(
                Map.of(
                        "fileId",
                        fileId,
                        "expiresAt",
                        Instant.now().plus(Duration.ofDays(91)).toString()),
                400,
                "INVALID_EXPIRY");
        assertRefused(Map.of("fileId", fileId, "password", ""), 400, "INVALID_PASSWORD");
        assertRefused(Map.of("fileId", bobsFile), 404, "LINK_TARGET_NOT_FOUND");
        assertRefused(Map.of("fileId", UUID.randomUUID().toString()), 404, "LINK_TARGET_NOT_FOUND");
        assertRefused(Map.of("folderId", UUID.randomUUID().toString()), 404, "LINK_TARGET_NOT_FOUND");
        assertThat(client.postRaw("/api/v1/links", alice.token(), "{not json").status())
                .isEqualTo(400);
        assertThat(client.post("/api/v1/links", null, Map.of("fileId", fileId)).status())
                .isEqualTo(401);
        assertThat(jdbc.queryForObject("select count(*) from links", Integer.class))
                .isZero();
    }

    @Test
    void theOwnerPagesChangesAndNobodyElseSeesTheirLinks() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(create(alice, Map.of("fileId", fileId, "label", "n" + i), 201)
                    .get("linkId")
                    .asString());
        }
        JsonNode first = json(
                client.get("/api/v1/links?limit=2", alice.token()).expect(200).body());
        assertThat(first.get("items"))
                .extracting(item -> item.get("label").asString())
                .containsExactly("n2", "n1");
        JsonNode second = json(
                client.get("/api/v1/links?limit=2&after=" + first.get("next").asString(), alice.token())
                        .expect(200)
                        .body());
        assertThat(second.get("items"))
                .extracting(item -> item.get("label").asString())
                .containsExactly("n0");
        assertThat(second.has("next")).isFalse();
        assertThat(json(client.get("/api/v1/links", bob.token()).expect(200).body())
                        .get("items"))
                .isEmpty();
        assertThat(client.get("/api/v1/links/" + ids.get(0), bob.token())
                        .expect(404)
                        .code())
                .isEqualTo("LINK_NOT_FOUND");
        assertThat(client.get("/api/v1/links?limit=0", alice.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_REQUEST");

        TestClient.Response changed = client.patch(
                "/api/v1/links/" + ids.get(0), alice.token(), Map.of("maxDownloads", 3, "label", "renamed"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("maxDownloads").asInt()).isEqualTo(3);
        assertThat(changed.json().get("label").asString()).isEqualTo("renamed");
        assertThat(client.patch("/api/v1/links/" + ids.get(0), bob.token(), Map.of("label", "mine"))
                        .status())
                .isEqualTo(404);
        assertThat(client.patch("/api/v1/links/" + ids.get(0), alice.token(), Map.of("maxDownloads", -1))
                        .code())
                .isEqualTo("INVALID_LINK_REQUEST");
        assertThat(jdbc.queryForObject("select label from links where id = ?::uuid", String.class, ids.get(0)))
                .isEqualTo("renamed");
    }

    private void assertRefused(Map<String, ?> body, int status, String code) {
        TestClient.Response response = client.post("/api/v1/links", alice.token(), body);
        assertThat(response.status()).as(body + " " + response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo(code);
    }

    private void assertGone(String path) throws Exception {
        HttpResponse<String> response = get(path, Map.of());
        assertThat(response.statusCode()).as(path).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(json(response.body()).get("code").asString()).isEqualTo("LINK_NOT_FOUND");
    }

    private JsonNode create(LoggedIn owner, Map<String, ?> body, int status) {
        TestClient.Response response = client.post("/api/v1/links", owner.token(), body);
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response.json();
    }

    private String linkId(String token) {
        return jdbc.queryForObject(
                "select id::text from links where token_sha256 = ?", String.class, (Object) LinkTokens.sha256(token));
    }

    private HttpResponse<String> unlock(String token, String password) throws Exception {
        return send(HttpRequest.newBuilder(uri("/l/" + token + "/unlock"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("password", password))))
                .build());
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private UUID folder(UUID owner, UUID parent, String name) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "insert into folders (id, owner_id, parent_id, name) values (?, ?, coalesce(?,"
                        + " (select id from folders where owner_id = ? and parent_id is null)), ?)",
                id,
                owner,
                parent,
                owner,
                name);
        return id;
    }

    private void move(String file, UUID folder) {
        jdbc.update("update files set folder_id = ? where id = ?::uuid", folder, file);
    }

    private String upload(LoggedIn owner, String name, String text) throws Exception {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(uri("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + owner.token())
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(text))
                        .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body()).get("fileId").asString();
    }
}
