package dev.filesys.file.paging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import dev.filesys.file.testsupport.TransferClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every cursor-paged list of the API (files, a folder's children, shared with me, a file's versions, the trash) pages
 * the same way: a cursor is accepted only by the listing, user and order it came from; {@code limit} and {@code sort}
 * follow one rule; and every order pages through rows with equal keys without repeating or skipping one while rows are
 * added between pages.
 */
@FileServiceTest
@TestPropertySource(properties = "filesys.sweeper.enabled=false")
class ListingsPagingIntegrationTest extends AliceOnTheService {

    private LoggedIn bob;
    private JdbcTemplate jdbc;
    private String docs;
    private String overwritten;
    private String other;
    private final AtomicInteger added = new AtomicInteger();

    @BeforeEach
    void aTreeSharesVersionsAndATrash() {
        bob = TestUsers.register(api, "bob");
        jdbc = new JdbcTemplate(dataSource);
        docs = mkdir(alice, "docs").text("folderId");
        mkdir(alice, "media");
        mkdir(alice, "notes");
        for (String name : List.of("a.txt", "b.txt", "c.txt", "d.txt")) {
            upload(alice, name, "same");
        }
        overwritten = upload(alice, "v.txt", "v000");
        for (int i = 1; i <= 5; i++) {
            transfers
                    .upload(alice.token(), "name=v.txt&overwrite=true", BodyPublishers.ofString("v00" + i))
                    .expect(200);
        }
        other = upload(alice, "w.txt", "w000");
        transfers
                .upload(alice.token(), "name=w.txt&overwrite=true", BodyPublishers.ofString("w001"))
                .expect(200);
        for (String name : List.of("gone", "gone", "gone", "x.txt")) {
            api.delete("/api/v1/files/" + upload(alice, name, "same"), alice.token())
                    .expect(204);
        }
        api.delete("/api/v1/folders/" + mkdir(alice, "gone").text("folderId"), alice.token())
                .expect(204);
        for (String name : List.of("shared-a", "shared-b", "shared-c")) {
            share("folders", mkdir(bob, name).text("folderId"));
        }
        for (String name : List.of("same.txt", "same2.txt")) {
            share("files", upload(bob, name, "same"));
        }
        // every time is one time, so each order pages through ties and only the ids tell rows apart
        jdbc.update(
                "UPDATE files SET created_at = date_trunc('second', now()), updated_at = date_trunc('second', now()),"
                        + " trashed_at = CASE WHEN trashed_at IS NULL THEN NULL ELSE date_trunc('second', now()) END");
        jdbc.update("UPDATE folders SET created_at = date_trunc('second', now()), updated_at = date_trunc('second',"
                + " now()), trashed_at = CASE WHEN trashed_at IS NULL THEN NULL ELSE date_trunc('second', now()) END");
        jdbc.update("UPDATE file_versions SET created_at = date_trunc('second', now()),"
                + " replaced_at = date_trunc('second', now())");
    }

    /** Each listing's path, what adds a row to it, and what it can be sorted by. */
    private record Listed(String path, Runnable addRow, List<String> fields) {}

    private Map<String, Listed> listings() {
        Map<String, Listed> listings = new LinkedHashMap<>();
        listings.put(
                "children",
                new Listed(
                        "/api/v1/folders/root/children",
                        () -> {
                            int n = added.incrementAndGet();
                            upload(alice, "added-" + n, "same");
                            mkdir(alice, "added-" + n + "-folder");
                        },
                        List.of("name", "createdAt", "updatedAt", "size")));
        listings.put(
                "shared",
                new Listed(
                        "/api/v1/shared",
                        () -> {
                            share("files", upload(bob, "added-" + added.incrementAndGet(), "same"));
                            share(
                                    "folders",
                                    mkdir(bob, "added-" + added.incrementAndGet())
                                            .text("folderId"));
                        },
                        List.of("name", "createdAt", "updatedAt", "size")));
        listings.put(
                "versions",
                new Listed(
                        "/api/v1/files/" + overwritten + "/versions",
                        () -> transfers
                                .upload(alice.token(), "name=v.txt&overwrite=true", BodyPublishers.ofString("vnew"))
                                .expect(200),
                        List.of("replacedAt", "createdAt", "size")));
        listings.put(
                "trash",
                new Listed(
                        "/api/v1/trash",
                        () -> api.delete(
                                        "/api/v1/files/" + upload(alice, "gone-" + added.incrementAndGet(), "same"),
                                        alice.token())
                                .expect(204),
                        List.of("trashedAt", "name", "size")));
        return listings;
    }

    @Test
    void everyOrderPagesThroughTiesWithoutRepeatsOrGapsWhileRowsAreAdded() {
        listings().forEach((kind, listed) -> {
            for (String field : listed.fields()) {
                for (String direction : List.of("asc", "desc")) {
                    String sort = field + "," + direction;
                    List<JsonNode> before = all(listed.path(), sort);
                    assertThat(before).as("%s by %s", kind, sort).hasSizeGreaterThan(4);
                    assertSorted(before, field, direction, kind + " by " + sort);

                    List<String> paged = new ArrayList<>();
                    String cursor = null;
                    int pages = 0;
                    do {
                        Response page = api.get(
                                        listed.path() + "?limit=2&sort=" + sort
                                                + (cursor == null ? "" : "&cursor=" + cursor),
                                        alice.token())
                                .expect(200);
                        assertThat(page.json().get("items").size()).isLessThanOrEqualTo(2);
                        page.json().get("items").forEach(item -> paged.add(id(item)));
                        cursor = page.json().has("nextCursor") ? page.text("nextCursor") : null;
                        if (++pages <= 3) {
                            listed.addRow().run(); // before the next page, behind or ahead of the cursor
                        }
                    } while (cursor != null);

                    assertThat(new HashSet<>(paged))
                            .as("%s by %s: no row twice", kind, sort)
                            .hasSize(paged.size());
                    assertThat(paged)
                            .as("%s by %s: every row there before is on a page", kind, sort)
                            .containsAll(before.stream()
                                    .map(ListingsPagingIntegrationTest::id)
                                    .toList());
                    List<String> after = all(listed.path(), sort).stream()
                            .map(ListingsPagingIntegrationTest::id)
                            .filter(paged::contains)
                            .toList();
                    assertThat(paged)
                            .as("%s by %s: in the listing's order", kind, sort)
                            .isEqualTo(after);
                }
            }
        });
    }

    @Test
    void aCursorIsAcceptedOnlyByTheListingUserAndOrderItCameFrom() {
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("files", "/api/v1/files");
        paths.put("root", "/api/v1/folders/root/children");
        paths.put("docs", "/api/v1/folders/" + docs + "/children");
        paths.put("shared", "/api/v1/shared");
        paths.put("versions", "/api/v1/files/" + overwritten + "/versions");
        paths.put("other versions", "/api/v1/files/" + other + "/versions");
        paths.put("trash", "/api/v1/trash");
        upload(alice, "docs/inside.txt", "in");
        upload(alice, "docs/inside-too.txt", "in");
        transfers
                .upload(alice.token(), "name=w.txt&overwrite=true", BodyPublishers.ofString("w002"))
                .expect(200);
        Map<String, String> cursors = new LinkedHashMap<>();
        paths.forEach((kind, path) -> cursors.put(
                kind, api.get(path + "?limit=1", alice.token()).expect(200).text("nextCursor")));
        paths.forEach((kind, path) -> cursors.forEach((from, cursor) -> {
            int status = from.equals(kind) ? 200 : 400;
            Response answer =
                    api.get(path + "?limit=1&cursor=" + cursor, alice.token()).expect(status);
            if (status == 400) {
                assertThat(answer.code()).as("%s's cursor on %s", from, kind).isEqualTo("INVALID_CURSOR");
            }
        }));
        paths.forEach((kind, path) -> {
            String cursor = cursors.get(kind);
            String sort = kind.contains("versions") ? "size,desc" : kind.equals("trash") ? "name" : "createdAt";
            assertThat(api.get(path + "?sort=" + sort + "&cursor=" + cursor, alice.token())
                            .expect(400)
                            .code())
                    .as("%s: another order", kind)
                    .isEqualTo("INVALID_CURSOR");
            String tampered = cursor.substring(0, 5) + (cursor.charAt(5) == 'A' ? 'B' : 'A') + cursor.substring(6);
            assertThat(api.get(path + "?cursor=" + tampered, alice.token())
                            .expect(400)
                            .code())
                    .as("%s: altered", kind)
                    .isEqualTo("INVALID_CURSOR");
            for (String limit : List.of("0", "-1", "1001", "1000000000", "ten")) {
                assertThat(api.get(path + "?limit=" + limit, alice.token())
                                .expect(400)
                                .code())
                        .as("%s: limit %s", kind, limit)
                        .isEqualTo("INVALID_LIMIT");
            }
            assertThat(api.get(path + "?sort=colour", alice.token()).expect(400).code())
                    .as("%s: sort colour", kind)
                    .isEqualTo("INVALID_SORT");
        });
        assertThat(api.get("/api/v1/trash?sort=updatedAt", alice.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_SORT");

        // bob's own trash and shared view do not take alice's cursors
        upload(bob, "bobs", "same");
        api.delete("/api/v1/files/" + upload(bob, "bobs-gone", "same"), bob.token())
                .expect(204);
        api.delete("/api/v1/files/" + upload(bob, "bobs-gone-2", "same"), bob.token())
                .expect(204);
        for (String kind : List.of("trash", "files")) {
            assertThat(api.get(paths.get(kind) + "?cursor=" + cursors.get(kind), bob.token())
                            .expect(400)
                            .code())
                    .as("alice's %s cursor for bob", kind)
                    .isEqualTo("INVALID_CURSOR");
        }
        // a file shared with bob: its versions, listed by bob, are another listing than alice's
        share("files", other, "bob");
        assertThat(api.get(paths.get("other versions") + "?cursor=" + cursors.get("other versions"), bob.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_CURSOR");
    }

    /** Each page is sorted by its field; folders (no size) by name, and before files. */
    private static void assertSorted(List<JsonNode> items, String field, String direction, String what) {
        Comparator<JsonNode> byKey = Comparator.comparing(item -> group(item));
        Comparator<JsonNode> key = switch (field) {
            case "name" -> Comparator.comparing(item -> item.get("name").asString());
            case "size" ->
                Comparator.comparing((JsonNode item) ->
                                item.has("size") ? item.get("size").asLong() : 0L)
                        .thenComparing(
                                item -> item.has("size") ? "" : item.get("name").asString());
            default ->
                Comparator.comparing(item -> Instant.parse(item.get(field).asString()));
        };
        Comparator<JsonNode> order = byKey.thenComparing(direction.equals("asc") ? key : key.reversed());
        assertThat(items).as(what).isSortedAccordingTo(order);
    }

    /** In a listing of folders and files, the folders come first; other listings are of one group. */
    private static int group(JsonNode item) {
        return item.has("kind") && item.get("kind").asString().equals("folder") && item.has("folderId") ? 0 : 1;
    }

    private List<JsonNode> all(String path, String sort) {
        List<JsonNode> items = new ArrayList<>();
        api.get(path + "?limit=1000&sort=" + sort, alice.token())
                .expect(200)
                .json()
                .get("items")
                .forEach(items::add);
        return items;
    }

    private static String id(JsonNode item) {
        for (String field : List.of("fileId", "folderId", "versionId", "id")) {
            if (item.has(field)) {
                return item.get(field).asString();
            }
        }
        throw new AssertionError("no id in " + item);
    }

    private Response mkdir(LoggedIn user, String name) {
        return api.post("/api/v1/folders", user.token(), Map.of("name", name)).expect(201);
    }

    private String upload(LoggedIn user, String path, String content) {
        return transfers
                .upload(user.token(), "path=" + TransferClient.encode("/" + path), BodyPublishers.ofString(content))
                .expect(201)
                .text("fileId");
    }

    private void share(String what, String id) {
        share(what, id, "alice");
    }

    private void share(String what, String id, String with) {
        LoggedIn owner = with.equals("alice") ? bob : alice;
        Set<Integer> created = Set.of(200, 201);
        assertThat(created)
                .contains(api.put("/api/v1/" + what + "/" + id + "/shares/" + with, owner.token(), Map.of())
                        .status());
    }
}
