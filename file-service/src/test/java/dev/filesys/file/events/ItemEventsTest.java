package dev.filesys.file.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.EventStreamClient;
import dev.filesys.file.testsupport.EventStreamClient.SseEvent;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TestSessions;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Changes announce themselves: {@code file_created} and {@code file_updated}, for simple and resumable uploads, reach
 * the owner's other sessions and the users the file is shared with, directly or through a folder above it, and nobody
 * else; so do a new folder, a move, a delete to the trash and a restore ({@code folder_created}, {@code item_moved},
 * {@code item_trashed}, {@code item_restored}); sharing and unsharing a folder reach its owner's other sessions and the
 * sharee ({@code folder_shared}, {@code folder_unshared}).
 */
@FileServiceTest
class ItemEventsTest extends AliceOnTheService {

    @Test
    void theOwnersOtherSessionHearsOfEachUploadAndOverwrite() {
        TestSessions.Session phone = TestSessions.loggedInAs(api, dataSource, "file-1", alice.userId());
        try (EventStreamClient stream = EventStreamClient.open(transfers.baseUrl(), phone.token())) {
            assertThat(stream.status()).isEqualTo(200);

            String fileId = transfers
                    .upload(alice.token(), "report.pdf", "first".getBytes(), "Content-Type", "application/pdf")
                    .expect(201)
                    .text("fileId");
            SseEvent created = awaitEvent(stream, "file_created");
            assertThat(created.field("fileId")).isEqualTo(fileId);
            assertThat(created.field("fileName")).isEqualTo("report.pdf");
            assertThat(created.field("ownerId")).isEqualTo(alice.userId().toString());
            assertThat(created.field("owner")).isEqualTo("alice");
            assertThat(created.field("contentType")).isEqualTo("application/pdf");
            assertThat(created.json().get("size").asLong()).isEqualTo(5);
            assertThat(created.json().has("sha256")).as("no digest on a stream").isFalse();

            transfers
                    .upload(alice.token(), "name=report.pdf&overwrite=true", BodyPublishers.ofString("second!"))
                    .expect(200);
            SseEvent updated = awaitEvent(stream, "file_updated");
            assertThat(updated.field("fileId")).isEqualTo(fileId);
            assertThat(updated.json().get("size").asLong()).isEqualTo(7);

            String tusId = tusUpload(alice.token(), "resumed.bin", "resumable".getBytes());
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(stream.events("file_created"))
                            .extracting(event -> event.field("fileName"))
                            .containsExactly("report.pdf", "resumed.bin"));
            assertThat(stream.events("file_created").get(1).field("fileId")).isEqualTo(tusId);
        }
    }

    @Test
    void theFilesShareesHearOfItsNewContentAndOthersDoNot() {
        LoggedIn bob = TestUsers.register(api, "bob");
        LoggedIn carol = TestUsers.register(api, "carol");
        LoggedIn dave = TestUsers.register(api, "dave");
        String fileId = transfers
                .upload(alice.token(), "notes.txt", "v1".getBytes())
                .expect(201)
                .text("fileId");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update(
                "INSERT INTO shares (file_id, grantee_id, permission) VALUES (?::uuid, ?, 'read')",
                fileId,
                bob.userId());
        // carol holds a share of alice's root folder, so of everything in it (no endpoint makes one yet on this branch)
        jdbc.update(
                "INSERT INTO folder_shares (folder_id, grantee_id, permission)"
                        + " SELECT id, ?, 'read' FROM folders WHERE owner_id = ? AND parent_id IS NULL",
                carol.userId(),
                alice.userId());

        try (EventStreamClient bobs = EventStreamClient.open(transfers.baseUrl(), bob.token());
                EventStreamClient carols = EventStreamClient.open(transfers.baseUrl(), carol.token());
                EventStreamClient daves = EventStreamClient.open(transfers.baseUrl(), dave.token())) {
            transfers
                    .upload(alice.token(), "name=notes.txt&overwrite=true", BodyPublishers.ofString("v2"))
                    .expect(200);
            transfers.upload(alice.token(), "new.txt", "n".getBytes()).expect(201);

            assertThat(awaitEvent(bobs, "file_updated").field("fileId")).isEqualTo(fileId);
            assertThat(awaitEvent(carols, "file_updated").field("fileId")).isEqualTo(fileId);
            assertThat(awaitEvent(carols, "file_created").field("fileName")).isEqualTo("new.txt");
            // dave's own upload comes after alice's in the log: once he has heard of it, he would have heard of hers
            transfers.upload(dave.token(), "daves.txt", "d".getBytes()).expect(201);
            assertThat(awaitEvent(daves, "file_created").field("fileName")).isEqualTo("daves.txt");
            assertThat(daves.events()).extracting(SseEvent::type).containsExactly("file_created");
            assertThat(bobs.events("file_created"))
                    .as("bob has a share of notes.txt only")
                    .isEmpty();
        }
    }

    @Test
    void theOwnersOtherSessionHearsOfFoldersMovesTheTrashAndRestores() {
        TestSessions.Session phone = TestSessions.loggedInAs(api, dataSource, "file-1", alice.userId());
        try (EventStreamClient stream = EventStreamClient.open(transfers.baseUrl(), phone.token())) {
            String folderId = api.post("/api/v1/folders", alice.token(), java.util.Map.of("name", "reports"))
                    .expect(201)
                    .text("folderId");
            assertThat(awaitEvent(stream, "folder_created").field("folderId")).isEqualTo(folderId);

            String fileId = transfers
                    .upload(alice.token(), "q3.pdf", "numbers".getBytes())
                    .expect(201)
                    .text("fileId");
            api.patch("/api/v1/files/" + fileId, alice.token(), java.util.Map.of("folderId", folderId))
                    .expect(200);
            SseEvent moved = awaitEvent(stream, "item_moved");
            assertThat(moved.field("itemId")).isEqualTo(fileId);
            assertThat(moved.field("folderId")).isEqualTo(folderId);

            api.delete("/api/v1/folders/" + folderId, alice.token()).expect(204);
            SseEvent trashed = awaitEvent(stream, "item_trashed");
            assertThat(trashed.field("itemId")).isEqualTo(folderId);
            assertThat(trashed.field("kind")).isEqualTo("folder");

            api.post("/api/v1/trash/" + folderId + "/restore", alice.token(), null)
                    .expect(200);
            assertThat(awaitEvent(stream, "item_restored").field("itemId")).isEqualTo(folderId);
            assertThat(api.get("/api/v1/files/" + fileId, alice.token())
                            .expect(200)
                            .text("path"))
                    .isEqualTo("/reports/q3.pdf");
        }
    }

    @Test
    void sharingAndUnsharingAFolderReachTheShareeAndTheOwnersOtherSessionAndNobodyElse() {
        LoggedIn bob = TestUsers.register(api, "bob");
        LoggedIn dave = TestUsers.register(api, "dave");
        TestSessions.Session phone = TestSessions.loggedInAs(api, dataSource, "file-1", alice.userId());
        String folderId = api.post("/api/v1/folders", alice.token(), java.util.Map.of("name", "reports"))
                .expect(201)
                .text("folderId");
        try (EventStreamClient alices = EventStreamClient.open(transfers.baseUrl(), phone.token());
                EventStreamClient bobs = EventStreamClient.open(transfers.baseUrl(), bob.token());
                EventStreamClient daves = EventStreamClient.open(transfers.baseUrl(), dave.token())) {
            api.put("/api/v1/folders/" + folderId + "/shares/bob", alice.token(), java.util.Map.of())
                    .expect(201);
            for (EventStreamClient stream : List.of(alices, bobs)) {
                SseEvent shared = awaitEvent(stream, "folder_shared");
                assertThat(shared.field("folderId")).isEqualTo(folderId);
                assertThat(shared.field("folderName")).isEqualTo("reports");
                assertThat(shared.field("owner")).isEqualTo("alice");
                assertThat(shared.field("recipientId")).isEqualTo(bob.userId().toString());
                assertThat(shared.field("recipient")).isEqualTo("bob");
                assertThat(shared.json().get("created").asBoolean()).isTrue();
            }
            // what bob's "shared with me" view reloads on the event now holds the folder
            assertThat(api.get("/api/v1/shared", bob.token()).expect(200).json().get("items"))
                    .extracting(item -> item.get("folderId").asString())
                    .containsExactly(folderId);

            api.delete("/api/v1/folders/" + folderId + "/shares/bob", alice.token())
                    .expect(204);
            for (EventStreamClient stream : List.of(alices, bobs)) {
                SseEvent unshared = awaitEvent(stream, "folder_unshared");
                assertThat(unshared.field("folderId")).isEqualTo(folderId);
                assertThat(unshared.field("recipient")).isEqualTo("bob");
            }
            assertThat(api.get("/api/v1/shared", bob.token()).expect(200).json().get("items"))
                    .isEmpty();
            // a second revocation revokes nothing and says nothing
            api.delete("/api/v1/folders/" + folderId + "/shares/bob", alice.token())
                    .expect(204);
            // dave's own upload comes after all of that in the log: once he has heard of it, he would have heard of it
            transfers.upload(dave.token(), "daves.txt", "d".getBytes()).expect(201);
            assertThat(awaitEvent(daves, "file_created").field("fileName")).isEqualTo("daves.txt");
            assertThat(daves.events()).extracting(SseEvent::type).containsExactly("file_created");
            transfers.upload(bob.token(), "bobs.txt", "b".getBytes()).expect(201);
            awaitEvent(bobs, "file_created");
            assertThat(bobs.events("folder_unshared")).hasSize(1);
        }
    }

    private static SseEvent awaitEvent(EventStreamClient stream, String type) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !stream.events(type).isEmpty());
        List<SseEvent> events = stream.events(type);
        return events.getLast();
    }

    private String tusUpload(String token, String name, byte[] content) {
        String location = transfers
                .text(transfers.request(
                        "POST",
                        "/api/v1/uploads",
                        token,
                        null,
                        "Tus-Resumable",
                        "1.0.0",
                        "Upload-Length",
                        Integer.toString(content.length),
                        "Upload-Metadata",
                        "filename " + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8))))
                .expect(201)
                .header("Location");
        String path = location.substring(location.indexOf("/api/v1/uploads/"));
        transfers
                .text(transfers.request(
                        "PATCH",
                        path,
                        token,
                        BodyPublishers.ofByteArray(content),
                        "Tus-Resumable",
                        "1.0.0",
                        "Upload-Offset",
                        "0",
                        "Content-Type",
                        "application/offset+octet-stream"))
                .expect(204);
        return api.get("/api/v1/files?scope=owned&sort=createdAt,desc&limit=1", token)
                .expect(200)
                .json()
                .get("items")
                .get(0)
                .get("fileId")
                .asString();
    }
}
