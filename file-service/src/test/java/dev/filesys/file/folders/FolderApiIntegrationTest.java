package dev.filesys.file.folders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import dev.filesys.file.testsupport.TransferClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Folders, paths, rename and move, ETags and folder shares against a real server, database and blob directory. */
@FileServiceTest
@TestPropertySource(properties = "filesys.sweeper.enabled=false")
class FolderApiIntegrationTest extends AliceOnTheService {

    LoggedIn bob;

    @BeforeEach
    void andBob() {
        bob = TestUsers.register(api, "bob");
    }

    private Response mkdir(LoggedIn user, String name, String parentId) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        if (parentId != null) {
            body.put("parentId", parentId);
        }
        return api.post("/api/v1/folders", user.token(), body);
    }

    private Response upload(LoggedIn user, String query, String text, String... headers) {
        return transfers.upload(user.token(), query, BodyPublishers.ofString(text, StandardCharsets.UTF_8), headers);
    }

    private Response patch(LoggedIn user, String path, Map<String, ?> body, String... headers) {
        return api.exchange("PATCH", path, user.token(), body, headers);
    }

    private List<String> names(Response page) {
        List<String> names = new ArrayList<>();
        for (JsonNode item : page.json().get("items")) {
            names.add(item.get("kind").asString() + ":" + item.get("name").asString());
        }
        return names;
    }

    private long rows(String sql) {
        return new JdbcTemplate(dataSource).queryForObject(sql, Long.class);
    }

    @Test
    void foldersHoldFilesAndPathsFollowARename() {
        Response root = api.get("/api/v1/folders/root", alice.token()).expect(200);
        assertThat(root.text("path")).isEqualTo("/");
        assertThat(root.json().has("parentId")).isFalse();
        Response reports = mkdir(alice, "reports", null).expect(201);
        assertThat(reports.header("ETag")).isEqualTo("\"1\"");
        assertThat(reports.header("Location")).endsWith("/api/v1/folders/" + reports.text("folderId"));
        assertThat(reports.text("parentId")).isEqualTo(root.text("folderId"));
        Response year = mkdir(alice, "2026", reports.text("folderId")).expect(201);
        assertThat(year.text("path")).isEqualTo("/reports/2026");

        Response file = upload(alice, "path=" + TransferClient.encode("/reports/2026/q3.pdf"), "q3")
                .expect(201);
        assertThat(file.text("kind")).isEqualTo("file");
        assertThat(file.text("folderId")).isEqualTo(year.text("folderId"));
        assertThat(file.text("path")).isEqualTo("/reports/2026/q3.pdf");
        assertThat(file.json().get("version").asLong()).isEqualTo(1);
        assertThat(file.header("ETag")).isEqualTo("\"1\"");

        Response found = api.get("/api/v1/items?path=/reports/2026/q3.pdf", alice.token())
                .expect(200);
        assertThat(found.text("fileId")).isEqualTo(file.text("fileId"));
        assertThat(api.get("/api/v1/items?path=/reports", alice.token())
                        .expect(200)
                        .text("folderId"))
                .isEqualTo(reports.text("folderId"));
        assertThat(api.get("/api/v1/items?path=/reports/nothing", alice.token())
                        .expect(404)
                        .code())
                .isEqualTo("FILE_NOT_FOUND");

        upload(alice, "name=a-file.txt", "x").expect(201);
        assertThat(names(api.get("/api/v1/folders/root/children", alice.token()).expect(200)))
                .containsExactly("folder:reports", "file:a-file.txt");

        Response renamed = patch(
                        alice,
                        "/api/v1/folders/" + reports.text("folderId"),
                        Map.of("name", "archive"),
                        "If-Match",
                        "\"1\"")
                .expect(200);
        assertThat(renamed.header("ETag")).isEqualTo("\"2\"");
        assertThat(renamed.text("path")).isEqualTo("/archive");
        assertThat(api.get("/api/v1/files/" + file.text("fileId"), alice.token())
                        .expect(200)
                        .text("path"))
                .isEqualTo("/archive/2026/q3.pdf");
        assertThat(api.get("/api/v1/items?path=/reports/2026/q3.pdf", alice.token())
                        .expect(404)
                        .code())
                .isEqualTo("FILE_NOT_FOUND");
    }

    @Test
    void aPutCreatesTheFoldersOnItsPath() {
        Response put = transfers.text(
                transfers.request("PUT", "/api/v1/files/a/b/c.txt", alice.token(), BodyPublishers.ofString("deep")));
        put.expect(201);
        assertThat(put.text("path")).isEqualTo("/a/b/c.txt");
        Response again = transfers.text(
                transfers.request("PUT", "/api/v1/files/a/b/c.txt", alice.token(), BodyPublishers.ofString("deeper")));
        again.expect(200);
        assertThat(again.text("fileId")).isEqualTo(put.text("fileId"));
        assertThat(again.json().get("version").asLong()).isEqualTo(2);
        assertThat(rows("select count(*) from folders where parent_id is not null"))
                .isEqualTo(2);
    }

    @Test
    void filesAreRenamedAndMovedWithTheirVersion() {
        Response folder = mkdir(alice, "docs", null).expect(201);
        Response file = upload(alice, "name=draft.txt", "text").expect(201);
        String id = file.text("fileId");

        Response moved = patch(
                        alice,
                        "/api/v1/files/" + id,
                        Map.of("name", "final.txt", "folderId", folder.text("folderId")),
                        "If-Match",
                        "\"1\"")
                .expect(200);
        assertThat(moved.text("path")).isEqualTo("/docs/final.txt");
        assertThat(moved.header("ETag")).isEqualTo("\"2\"");

        Response stale = patch(alice, "/api/v1/files/" + id, Map.of("name", "x.txt"), "If-Match", "\"1\"")
                .expect(412);
        assertThat(stale.code()).isEqualTo("PRECONDITION_FAILED");
        assertThat(stale.header("ETag")).isEqualTo("\"2\"");
        assertThat(patch(bob, "/api/v1/files/" + id, Map.of("name", "y.txt"))
                        .expect(404)
                        .code())
                .isEqualTo("FILE_NOT_FOUND");
        Response staleDelete = transfers.send("DELETE", "/api/v1/files/" + id, alice.token(), "If-Match", "\"1\"");
        assertThat(staleDelete.status()).isEqualTo(412);
        assertThat(api.get("/api/v1/items?path=/docs/final.txt", alice.token())
                        .expect(200)
                        .json()
                        .get("version")
                        .asLong())
                .isEqualTo(2);
    }

    @Test
    void badMovesAndNamesAreRefusedAndChangeNothing() {
        Response a = mkdir(alice, "a", null).expect(201);
        Response b = mkdir(alice, "b", a.text("folderId")).expect(201);
        upload(alice, "name=taken", "file").expect(201);

        Response intoItself = patch(
                        alice, "/api/v1/folders/" + a.text("folderId"), Map.of("parentId", b.text("folderId")))
                .expect(400);
        assertThat(intoItself.code()).isEqualTo("MOVE_INTO_OWN_SUBTREE");
        assertThat(patch(alice, "/api/v1/folders/" + a.text("folderId"), Map.of("parentId", a.text("folderId")))
                        .expect(400)
                        .code())
                .isEqualTo("MOVE_INTO_OWN_SUBTREE");
        assertThat(mkdir(alice, "taken", null).expect(409).code()).isEqualTo("NAME_TAKEN");
        assertThat(patch(alice, "/api/v1/folders/" + a.text("folderId"), Map.of("name", "taken"))
                        .expect(409)
                        .code())
                .isEqualTo("NAME_TAKEN");
        assertThat(upload(alice, "name=a&overwrite=true", "not a folder")
                        .expect(409)
                        .code())
                .isEqualTo("NAME_TAKEN");
        assertThat(patch(alice, "/api/v1/folders/root", Map.of("name", "x"))
                        .expect(400)
                        .code())
                .isEqualTo("ROOT_FOLDER_IMMUTABLE");
        assertThat(api.delete("/api/v1/folders/root", alice.token()).expect(400).code())
                .isEqualTo("ROOT_FOLDER_IMMUTABLE");
        assertThat(api.get("/api/v1/items?path=/a/../b", alice.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_PATH");
        assertThat(upload(alice, "path=" + TransferClient.encode("/a//x.txt"), "x")
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_PATH");
        assertThat(mkdir(alice, "x", "f01d0000-0000-4000-8000-000000000001")
                        .expect(404)
                        .code())
                .isEqualTo("FOLDER_NOT_FOUND");
        assertThat(mkdir(bob, "x", a.text("folderId")).expect(404).code()).isEqualTo("FOLDER_NOT_FOUND");
        String file = upload(alice, "name=other", "file").expect(201).text("fileId");
        assertThat(patch(alice, "/api/v1/files/" + file, Map.of("name", "a"))
                        .expect(409)
                        .code())
                .as("a file renamed to a folder's name")
                .isEqualTo("NAME_TAKEN");
        assertThat(patch(alice, "/api/v1/files/" + file, Map.of("name", "taken"))
                        .expect(409)
                        .code())
                .isEqualTo("NAME_TAKEN");
        assertThat(patch(alice, "/api/v1/files/" + file, Map.of("name", "other", "folderId", "root"))
                        .expect(200)
                        .header("ETag"))
                .as("a move to where it is already is no change")
                .isEqualTo("\"1\"");
        Response stale = patch(alice, "/api/v1/folders/" + b.text("folderId"), Map.of("name", "c"), "If-Match", "\"7\"")
                .expect(412);
        assertThat(stale.code()).isEqualTo("PRECONDITION_FAILED");
        assertThat(stale.header("ETag")).isEqualTo("\"1\"");

        assertThat(rows("select count(*) from folders where parent_id is not null"))
                .isEqualTo(2);
        assertThat(rows("select count(*) from folders where version > 1")).isZero();
        assertThat(rows("select count(*) from files")).isEqualTo(2);
        assertThat(rows("select count(*) from files where version > 1")).isZero();
        assertThat(api.get("/api/v1/folders/" + b.text("folderId"), alice.token())
                        .expect(200)
                        .text("path"))
                .isEqualTo("/a/b");
    }

    @Test
    void foldersNestSixtyFourDeepAndNoDeeper() {
        String parent = null;
        for (int depth = 1; depth <= 64; depth++) {
            parent = mkdir(alice, "d" + depth, parent).expect(201).text("folderId");
        }
        assertThat(mkdir(alice, "d65", parent).expect(400).code()).isEqualTo("FOLDER_TOO_DEEP");
        String other = mkdir(alice, "other", null).expect(201).text("folderId");
        String child = mkdir(alice, "child", other).expect(201).text("folderId");
        assertThat(patch(alice, "/api/v1/folders/" + other, Map.of("parentId", parent))
                        .expect(400)
                        .code())
                .isEqualTo("FOLDER_TOO_DEEP");
        assertThat(api.get("/api/v1/folders/" + child, alice.token())
                        .expect(200)
                        .text("path"))
                .isEqualTo("/other/child");
    }

    @Test
    void childrenArePagedByCursorFoldersFirst() {
        for (String name : List.of("d3", "d1", "d2")) {
            mkdir(alice, name, null).expect(201);
        }
        for (String name : List.of("f4", "f2", "f1", "f3")) {
            upload(alice, "name=" + name, name + name).expect(201);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.get(
                            "/api/v1/folders/root/children?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                            alice.token())
                    .expect(200);
            assertThat(page.json().get("items").size()).isLessThanOrEqualTo(2);
            seen.addAll(names(page));
            cursor = page.text("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seen)
                .containsExactly("folder:d1", "folder:d2", "folder:d3", "file:f1", "file:f2", "file:f3", "file:f4");
        assertThat(pages).isEqualTo(4);

        Response bySize = api.get("/api/v1/folders/root/children?sort=name,desc&limit=10", alice.token())
                .expect(200);
        assertThat(names(bySize))
                .containsExactly("folder:d3", "folder:d2", "folder:d1", "file:f4", "file:f3", "file:f2", "file:f1");

        String first =
                api.get("/api/v1/folders/root/children?limit=2", alice.token()).text("nextCursor");
        String other = mkdir(alice, "x", null).text("folderId");
        assertThat(api.get("/api/v1/folders/" + other + "/children?cursor=" + first, alice.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_CURSOR");
        assertThat(api.get("/api/v1/folders/root/children?cursor=" + first + "x", alice.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_CURSOR");
        assertThat(api.get("/api/v1/folders/root/children?limit=0", alice.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_LIMIT");
        assertThat(api.get("/api/v1/folders/root/children?limit=1000000000", alice.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_LIMIT");
        assertThat(api.get("/api/v1/folders/root/children?sort=colour", alice.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_SORT");
    }

    @Test
    void twoOverwritesWithTheSameIfMatchOneWins() throws Exception {
        Response file = upload(alice, "name=contended.txt", "v1").expect(201);
        String etag = file.header("ETag");
        for (int round = 0; round < 5; round++) {
            CyclicBarrier start = new CyclicBarrier(2);
            String seen = etag;
            try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
                List<Future<Integer>> results = new ArrayList<>();
                for (int writer = 0; writer < 2; writer++) {
                    String text = "round " + round + " writer " + writer;
                    results.add(threads.submit(() -> {
                        start.await();
                        return upload(alice, "name=contended.txt&overwrite=true", text, "If-Match", seen)
                                .status();
                    }));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> result : results) {
                    statuses.add(result.get());
                }
                assertThat(statuses).containsExactlyInAnyOrder(200, 412);
            }
            etag = api.get("/api/v1/files/" + file.text("fileId"), alice.token())
                    .header("ETag");
            assertThat(etag).isEqualTo("\"" + (round + 2) + "\"");
        }
        Response noSuchFile = upload(alice, "name=absent.txt&overwrite=true", "x", "If-Match", "\"1\"")
                .expect(412);
        assertThat(noSuchFile.code()).isEqualTo("PRECONDITION_FAILED");
        assertThat(rows("select count(*) from files")).isEqualTo(1);
    }

    @Test
    void aFolderShareReachesEverythingBelowUntilItEnds() {
        String team = mkdir(alice, "team", null).expect(201).text("folderId");
        String sub = mkdir(alice, "sub", team).expect(201).text("folderId");
        String fileId = upload(alice, "name=plan.txt&folderId=" + sub, "plan")
                .expect(201)
                .text("fileId");
        assertThat(api.get("/api/v1/files/" + fileId, bob.token()).expect(404).code())
                .isEqualTo("FILE_NOT_FOUND");

        api.exchange("PUT", "/api/v1/folders/" + team + "/shares/bob", alice.token(), Map.of())
                .expect(201);
        Response seen = api.get("/api/v1/files/" + fileId, bob.token()).expect(200);
        assertThat(seen.text("access")).isEqualTo("shared");
        assertThat(seen.json().has("path")).isFalse();
        assertThat(transfers.download(bob.token(), fileId).expect(200).body())
                .isEqualTo("plan".getBytes(StandardCharsets.UTF_8));
        assertThat(names(api.get("/api/v1/folders/" + sub + "/children", bob.token())
                        .expect(200)))
                .containsExactly("file:plan.txt");
        assertThat(names(api.get("/api/v1/shared", bob.token()).expect(200))).containsExactly("folder:team");
        assertThat(api.get("/api/v1/folders/" + team, alice.token())
                        .expect(200)
                        .json()
                        .get("shares"))
                .hasSize(1);
        assertThat(patch(bob, "/api/v1/files/" + fileId, Map.of("name", "mine.txt"))
                        .expect(403)
                        .code())
                .isEqualTo("NOT_OWNER");
        assertThat(mkdir(bob, "x", sub).expect(404).code()).isEqualTo("FOLDER_NOT_FOUND");

        patch(alice, "/api/v1/files/" + fileId, Map.of("folderId", "root")).expect(200);
        assertThat(api.get("/api/v1/files/" + fileId, bob.token()).expect(404).code())
                .isEqualTo("FILE_NOT_FOUND");
        patch(alice, "/api/v1/files/" + fileId, Map.of("folderId", sub)).expect(200);
        api.get("/api/v1/files/" + fileId, bob.token()).expect(200);

        api.delete("/api/v1/folders/" + team + "/shares/bob", alice.token()).expect(204);
        assertThat(api.get("/api/v1/files/" + fileId, bob.token()).expect(404).code())
                .isEqualTo("FILE_NOT_FOUND");
        assertThat(api.get("/api/v1/folders/" + sub + "/children", bob.token())
                        .expect(404)
                        .code())
                .isEqualTo("FOLDER_NOT_FOUND");

        api.exchange("PUT", "/api/v1/folders/" + team + "/shares/bob", alice.token(), Map.of())
                .expect(201);
        api.get("/api/v1/files/" + fileId, bob.token()).expect(200);
        assertThat(transfers
                        .send("DELETE", "/api/v1/folders/" + team, alice.token(), "If-Match", "\"9\"")
                        .status())
                .isEqualTo(412);
        api.delete("/api/v1/folders/" + team, alice.token()).expect(204);
        assertThat(api.get("/api/v1/files/" + fileId, bob.token()).expect(404).code())
                .isEqualTo("FILE_NOT_FOUND");
        assertThat(api.get("/api/v1/files/" + fileId, alice.token()).expect(404).code())
                .isEqualTo("FILE_NOT_FOUND");
        assertThat(names(api.get("/api/v1/folders/root/children", alice.token()).expect(200)))
                .isEmpty();
        assertThat(names(api.get("/api/v1/shared", bob.token()).expect(200))).isEmpty();
        assertThat(rows("select count(*) from files where trash_root_id = '" + team + "'"))
                .isEqualTo(1);
        assertThat(rows("select count(*) from folders where trash_root_id = '" + team + "'"))
                .isEqualTo(2);
    }

    @Test
    void noReaderSeesAFileAfterItsMoveOutOfASharedFolderCommitted() throws Exception {
        String shared = mkdir(alice, "shared", null).expect(201).text("folderId");
        api.exchange("PUT", "/api/v1/folders/" + shared + "/shares/bob", alice.token(), Map.of())
                .expect(201);
        for (int round = 0; round < 5; round++) {
            String fileId = upload(alice, "name=f" + round + ".txt&folderId=" + shared, "x")
                    .expect(201)
                    .text("fileId");
            CyclicBarrier start = new CyclicBarrier(2);
            try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
                Future<Long> moved = threads.submit(() -> {
                    start.await();
                    patch(alice, "/api/v1/files/" + fileId, Map.of("folderId", "root"))
                            .expect(200);
                    return System.nanoTime();
                });
                Future<List<long[]>> reads = threads.submit(() -> {
                    start.await();
                    List<long[]> seen = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        long began = System.nanoTime();
                        int status =
                                api.get("/api/v1/files/" + fileId, bob.token()).status();
                        seen.add(new long[] {began, status});
                    }
                    return seen;
                });
                long committed = moved.get();
                for (long[] read : reads.get()) {
                    if (read[0] > committed) {
                        assertThat(read[1])
                                .as("a read that began after the move answered")
                                .isEqualTo(404);
                    }
                }
            }
        }
    }

    /**
     * The acceptance figure: renaming a folder that holds 10,000 files is one statement on one row, however many it
     * holds (the files are written with SQL; the rename goes through the API). Prints the time the PATCH took.
     */
    @Test
    void renamingAFolderOfTenThousandFilesTouchesOneRow() {
        String folder = mkdir(alice, "big", null).expect(201).text("folderId");
        String one = upload(alice, "name=seed.txt&folderId=" + folder, "seed")
                .expect(201)
                .text("fileId");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("""
                INSERT INTO files (id, owner_id, folder_id, name, blob_sha256, content_type, updated_by)
                SELECT gen_random_uuid(), f.owner_id, f.folder_id, 'file-' || n, f.blob_sha256, f.content_type,
                       f.owner_id
                FROM files f, generate_series(1, 9999) n WHERE f.id = CAST(? AS uuid)
                """, one);
        assertThat(rows("select count(*) from files where folder_id = '" + folder + "'"))
                .isEqualTo(10_000);
        long filesVersions = rows("select sum(version) from files");

        long started = System.nanoTime();
        patch(alice, "/api/v1/folders/" + folder, Map.of("name", "renamed")).expect(200);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("rename of a folder holding 10,000 files: " + millis + " ms (PATCH round trip)");

        assertThat(rows("select sum(version) from files")).isEqualTo(filesVersions);
        assertThat(api.get("/api/v1/files/" + one, alice.token()).expect(200).text("path"))
                .isEqualTo("/renamed/seed.txt");
    }
}
