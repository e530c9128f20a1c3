package dev.filesys.file.trash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.blobs.BlobSweeping;
import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.EventStreamClient;
import dev.filesys.file.testsupport.EventStreamClient.SseEvent;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The trash against a real server, database and blob directory: a delete moves a file (or a folder with what it holds)
 * to the trash, where it keeps counting toward the quota and nobody reads it; restore, purge, empty and retention.
 */
@FileServiceTest
@TestPropertySource(properties = {"filesys.sweeper.enabled=false", "filesys.sweeper.grace-period=0s"})
class TrashIntegrationTest extends AliceOnTheService {

    @Autowired
    TrashService trash;

    @Autowired
    ApplicationContext context;

    @Autowired
    PlatformTransactionManager transactions;

    LoggedIn bob;
    JdbcTemplate jdbc;
    String fileId;

    @BeforeEach
    void aSharedFile() {
        bob = TestUsers.register(api, "bob");
        jdbc = storage.jdbc();
        fileId = upload("notes.txt", "hello");
        transfers
                .text(transfers.request(
                        "PUT",
                        "/api/v1/files/" + fileId + "/shares/bob",
                        alice.token(),
                        BodyPublishers.ofString("{\"permission\":\"read\"}"),
                        "Content-Type",
                        "application/json"))
                .expect(201);
    }

    @Test
    void aDeleteMovesTheFileToTheTrashAndTheShareeLosesItAtOnce() {
        api.get("/api/v1/files/" + fileId, bob.token()).expect(200);

        api.delete("/api/v1/files/" + fileId, alice.token()).expect(204);

        assertThat(api.get("/api/v1/files/" + fileId, bob.token()).expect(404).code())
                .isEqualTo("FILE_NOT_FOUND");
        assertThat(transfers.download(bob.token(), fileId).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/files?scope=shared", bob.token()).json().get("items"))
                .isEmpty();
        assertThat(api.get("/api/v1/files", alice.token()).json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/files/" + fileId, alice.token()).expect(404).code())
                .isEqualTo("FILE_NOT_FOUND");

        List<JsonNode> items = items(api.get("/api/v1/trash", alice.token()).expect(200));
        assertThat(items).hasSize(1);
        JsonNode item = items.get(0);
        assertThat(item.get("kind").asString()).isEqualTo("file");
        assertThat(item.get("id").asString()).isEqualTo(fileId);
        assertThat(item.get("originalPath").asString()).isEqualTo("/notes.txt");
        assertThat(item.get("originalFolderId").asString())
                .isEqualTo(root(alice).toString());
        assertThat(item.get("size").asLong()).isEqualTo(5);
        assertThat(Duration.between(
                        Instant.parse(item.get("trashedAt").asString()),
                        Instant.parse(item.get("expiresAt").asString())))
                .isEqualTo(Duration.ofDays(30));
        assertThat(items(api.get("/api/v1/trash", bob.token()))).isEmpty();

        JsonNode usage = api.get("/api/v1/me/usage", alice.token()).expect(200).json();
        assertThat(usage.get("usedBytes").asLong()).isEqualTo(5);
        assertThat(usage.get("trashBytes").asLong()).isEqualTo(5);
        assertThat(usage.get("filesBytes").asLong()).isZero();
        assertThat(usage.get("versionsBytes").asLong()).isZero();
        assertThat(usage.get("fileCount").asLong()).isEqualTo(1);

        // the name is free again
        assertThat(upload("notes.txt", "new")).isNotEqualTo(fileId);
    }

    @Test
    void theOwnersOtherSessionAndTheShareeHearOfTheTrashAndTheRestore() {
        try (EventStreamClient alices = EventStreamClient.open(api.baseUrl(), alice.token());
                EventStreamClient bobs = EventStreamClient.open(api.baseUrl(), bob.token())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> alices.opened() && bobs.opened());

            api.delete("/api/v1/files/" + fileId, alice.token()).expect(204);
            api.postRaw("/api/v1/trash/" + fileId + "/restore", alice.token(), null)
                    .expect(200);

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> alices.events().size() == 2 && bobs.events().size() == 3);
            assertThat(alices.events()).extracting(SseEvent::type).containsExactly("item_trashed", "item_restored");
            assertThat(bobs.events())
                    .extracting(SseEvent::type)
                    .containsExactly("file_deleted", "item_trashed", "item_restored");
            SseEvent restored = bobs.events("item_restored").getFirst();
            assertThat(restored.field("itemId")).isEqualTo(fileId);
            assertThat(restored.field("kind")).isEqualTo("file");
            assertThat(restored.field("name")).isEqualTo("notes.txt");
            assertThat(restored.field("folderId")).isEqualTo(root(alice).toString());
        }
    }

    @Test
    void restoreBringsItBackWithItsSharesOrRefusesATakenName() {
        api.delete("/api/v1/files/" + fileId, alice.token()).expect(204);
        String newer = upload("notes.txt", "newer");

        Response taken = api.postRaw("/api/v1/trash/" + fileId + "/restore", alice.token(), null)
                .expect(409);
        assertThat(taken.code()).isEqualTo("NAME_TAKEN");
        assertThat(items(api.get("/api/v1/trash", alice.token()))).hasSize(1);

        Response bad = api.post("/api/v1/trash/" + fileId + "/restore", alice.token(), Map.of("name", "a/b"))
                .expect(400);
        assertThat(bad.code()).isEqualTo("INVALID_NAME");

        Response restored = api.post(
                        "/api/v1/trash/" + fileId + "/restore", alice.token(), Map.of("name", "notes (1).txt"))
                .expect(200);
        assertThat(restored.text("fileId")).isEqualTo(fileId);
        assertThat(restored.text("name")).isEqualTo("notes (1).txt");
        assertThat(items(api.get("/api/v1/trash", alice.token()))).isEmpty();
        assertThat(transfers.download(bob.token(), fileId).body()).isEqualTo(bytes("hello"));
        assertThat(newer).isNotEqualTo(fileId);
        assertThat(api.postRaw("/api/v1/trash/" + fileId + "/restore", alice.token(), null)
                        .expect(404)
                        .code())
                .isEqualTo("TRASH_ITEM_NOT_FOUND");
    }

    @Test
    void purgeAndEmptyGiveTheBytesBackAndTheBlobsGo() {
        String other = upload("other.txt", "other content");
        String third = upload("third.txt", "3");
        for (String id : List.of(fileId, other, third)) {
            api.delete("/api/v1/files/" + id, alice.token()).expect(204);
        }
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(5 + 13 + 1);

        assertThat(api.delete("/api/v1/trash/" + UUID.randomUUID(), alice.token())
                        .expect(404)
                        .code())
                .isEqualTo("TRASH_ITEM_NOT_FOUND");
        assertThat(api.delete("/api/v1/trash/" + fileId, bob.token())
                        .expect(404)
                        .code())
                .isEqualTo("TRASH_ITEM_NOT_FOUND");
        api.delete("/api/v1/trash/other.txt", alice.token()).expect(204);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(5 + 1);
        assertThat(storage.fileCount(alice.userId())).isEqualTo(2);
        assertThat(storage.rows("shares")).isEqualTo(1);

        api.delete("/api/v1/trash", alice.token()).expect(204);
        assertThat(items(api.get("/api/v1/trash", alice.token()))).isEmpty();
        assertThat(storage.usedBytes(alice.userId())).isZero();
        assertThat(storage.fileCount(alice.userId())).isZero();
        assertThat(storage.rows("files")).isZero();
        assertThat(storage.rows("shares")).isZero();

        jdbc.update("update blobs set touched_at = now() - interval '1 hour'");
        BlobSweeping.sweep(context);
        assertThat(storage.blobFiles()).isEmpty();
    }

    @Test
    void aFolderGoesToTheTrashWithWhatItHoldsAndComesBackWithIt() {
        UUID reports = folder(alice, root(alice), "reports");
        UUID year = folder(alice, reports, "2026");
        jdbc.update("update files set folder_id = ? where id = ?", year, UUID.fromString(fileId));
        String loose = upload("loose.txt", "loose!");
        jdbc.update("update files set folder_id = ? where id = ?", reports, UUID.fromString(loose));
        jdbc.update(
                "insert into folder_shares (folder_id, grantee_id, permission) values (?, ?, 'read')",
                reports,
                bob.userId());

        trash.moveToTrash(alice.userId(), TrashService.Kind.FOLDER, reports, null);

        List<JsonNode> items = items(api.get("/api/v1/trash", alice.token()));
        assertThat(items).extracting(i -> i.get("kind").asString()).containsExactly("folder");
        assertThat(items.get(0).get("originalPath").asString()).isEqualTo("/reports");
        assertThat(items.get(0).get("size").asLong()).isEqualTo(5 + 6);
        assertThat(api.get("/api/v1/files/" + fileId, bob.token()).status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("select count(*) from files where trash_root_id = ?", Long.class, reports))
                .isEqualTo(2);

        Response restored = api.postRaw("/api/v1/trash/" + reports + "/restore", alice.token(), null)
                .expect(200);
        assertThat(restored.text("kind")).isEqualTo("folder");
        assertThat(restored.text("name")).isEqualTo("reports");
        assertThat(jdbc.queryForObject("select count(*) from files where trashed_at is not null", Long.class))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from folders where trashed_at is not null", Long.class))
                .isZero();
        assertThat(api.get("/api/v1/files/" + fileId, alice.token()).status()).isEqualTo(200);
    }

    @Test
    void aFileWhoseFolderIsInTheTrashNeedsAnotherFolder() {
        UUID reports = folder(alice, root(alice), "reports");
        jdbc.update("update files set folder_id = ? where id = ?", reports, UUID.fromString(fileId));
        api.delete("/api/v1/files/" + fileId, alice.token()).expect(204);
        trash.moveToTrash(alice.userId(), TrashService.Kind.FOLDER, reports, null);
        assertThat(items(api.get("/api/v1/trash", alice.token()))).hasSize(2);

        assertThat(api.postRaw("/api/v1/trash/" + fileId + "/restore", alice.token(), null)
                        .expect(409)
                        .code())
                .isEqualTo("RESTORE_TARGET_GONE");
        assertThat(api.post(
                                "/api/v1/trash/" + fileId + "/restore",
                                alice.token(),
                                Map.of("folderId", UUID.randomUUID().toString()))
                        .expect(404)
                        .code())
                .isEqualTo("FOLDER_NOT_FOUND");
        assertThat(items(api.get("/api/v1/trash", alice.token()))).hasSize(2);

        api.post(
                        "/api/v1/trash/" + fileId + "/restore",
                        alice.token(),
                        Map.of("folderId", root(alice).toString()))
                .expect(200);
        assertThat(items(api.get("/api/v1/trash", alice.token())))
                .extracting(i -> i.get("id").asString())
                .containsExactly(reports.toString());
    }

    @Test
    void itemsPastRetentionArePurgedByThemselves() {
        String kept = upload("kept.txt", "kept");
        api.delete("/api/v1/files/" + fileId, alice.token()).expect(204);
        api.delete("/api/v1/files/" + kept, alice.token()).expect(204);
        jdbc.update("update files set trashed_at = now() - interval '31 days' where id = ?", UUID.fromString(fileId));

        assertThat(trash.purgeExpired()).isEqualTo(1);

        assertThat(items(api.get("/api/v1/trash", alice.token())))
                .extracting(i -> i.get("id").asString())
                .containsExactly(kept);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(4);
        assertThat(storage.usedBytes(alice.userId())).isEqualTo(storage.expectedUsedBytes(alice.userId()));
    }

    @Test
    void theTrashPagesWithACursorBoundToItsOwner() {
        List<String> ids = new ArrayList<>(List.of(fileId));
        for (int i = 0; i < 4; i++) {
            ids.add(upload("f" + i, "x"));
        }
        for (String id : ids) {
            api.delete("/api/v1/files/" + id, alice.token()).expect(204);
        }
        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            Response page = api.get(
                            "/api/v1/trash?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), alice.token())
                    .expect(200);
            items(page).forEach(i -> listed.add(i.get("id").asString()));
            cursor = page.text("nextCursor");
        } while (cursor != null);
        assertThat(listed).containsExactlyElementsOf(ids.reversed());

        String first = api.get("/api/v1/trash?limit=1", alice.token()).text("nextCursor");
        assertThat(api.get("/api/v1/trash?cursor=" + first, bob.token())
                        .expect(400)
                        .code())
                .isEqualTo("INVALID_CURSOR");
        assertThat(api.get("/api/v1/trash?limit=0", alice.token()).expect(400).code())
                .isEqualTo("INVALID_LIMIT");
    }

    @Test
    void aMoveRacingADeleteLeavesTheFileInOneConsistentState() throws Exception {
        UUID file = UUID.fromString(fileId);
        UUID root = root(alice);
        UUID elsewhere = folder(alice, root, "elsewhere");
        TransactionTemplate tx = new TransactionTemplate(transactions);
        for (int round = 0; round < 10; round++) {
            jdbc.update(
                    "update files set folder_id = ?, trashed_at = null, trash_root_id = null, version = 1 where id = ?",
                    root,
                    file);
            CyclicBarrier start = new CyclicBarrier(2);
            CompletableFuture<Integer> move = CompletableFuture.supplyAsync(() -> {
                arrive(start);
                // a move as the folders feature makes it: lock the live row, then one update
                return tx.execute(status -> {
                    List<Long> live = jdbc.queryForList(
                            "select version from files where id = ? and trashed_at is null for update",
                            Long.class,
                            file);
                    return live.isEmpty()
                            ? 0
                            : jdbc.update(
                                    "update files set folder_id = ?, version = version + 1 where id = ?",
                                    elsewhere,
                                    file);
                });
            });
            CompletableFuture<Integer> delete = CompletableFuture.supplyAsync(() -> {
                arrive(start);
                return api.delete("/api/v1/files/" + fileId, alice.token()).status();
            });
            int moved = move.get();
            assertThat(delete.get()).isEqualTo(204);

            Map<String, Object> row = jdbc.queryForMap(
                    "select folder_id, version, trashed_at is not null as trashed, trash_root_id from files where id = ?",
                    file);
            assertThat(row.get("trashed")).isEqualTo(true);
            assertThat(row.get("trash_root_id")).isEqualTo(file);
            assertThat(row.get("folder_id")).isEqualTo(moved == 1 ? elsewhere : root);
            assertThat(row.get("version")).isEqualTo(moved == 1 ? 3L : 2L);
            assertThat(items(api.get("/api/v1/trash", alice.token()))).hasSize(1);
        }
    }

    private static void arrive(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String upload(String name, String content) {
        return transfers.upload(alice.token(), name, bytes(content)).expect(201).text("fileId");
    }

    private UUID root(LoggedIn user) {
        return jdbc.queryForObject(
                "select id from folders where owner_id = ? and parent_id is null", UUID.class, user.userId());
    }

    private UUID folder(LoggedIn owner, UUID parent, String name) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "insert into folders (id, owner_id, parent_id, name) values (?, ?, ?, ?)",
                id,
                owner.userId(),
                parent,
                name);
        return id;
    }

    private static List<JsonNode> items(Response page) {
        List<JsonNode> items = new ArrayList<>();
        page.json().get("items").forEach(items::add);
        return items;
    }

    private static byte[] bytes(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }
}
