package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StorageInspector;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import dev.filesys.file.testsupport.TransferClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The per-user file count ({@code filesys.storage.max-files}), with a limit of 5 so it is quick to reach: empty files
 * count, resumable uploads in progress count, concurrent creations never take a user past it, and a file deleted or an
 * upload terminated gives its place back.
 */
@FileServiceTest
@TestPropertySource(
        properties = {
            "filesys.sweeper.enabled=false",
            "filesys.storage.max-files=" + FileCountLimitIntegrationTest.MAX_FILES
        })
class FileCountLimitIntegrationTest {

    static final int MAX_FILES = 5;

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    FileServiceProperties properties;

    TestClient api;
    TransferClient transfers;
    StorageInspector storage;
    LoggedIn alice;

    @BeforeEach
    void setUp() {
        TestDatabase.clear(dataSource);
        storage = new StorageInspector(properties.storage().root(), dataSource);
        storage.clear();
        api = TestClient.onPort(port);
        transfers = TransferClient.onPort(port);
        alice = TestUsers.register(api, "alice");
        for (int i = 0; i < 3; i++) {
            transfers.upload(alice.token(), "existing-" + i, new byte[0]).expect(201);
        }
    }

    @Test
    void concurrentCreationsAtTheLimitStoreExactlyTheAllowedNumber() {
        List<CompletableFuture<HttpResponse<String>>> creations = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            HttpRequest request = switch (i % 3) {
                case 0 -> transfers.request("POST", "/api/v1/files?name=empty-" + i, alice.token(), noBody());
                case 1 ->
                    transfers.request(
                            "POST",
                            "/api/v1/files?name=chunked-" + i,
                            alice.token(),
                            BodyPublishers.fromPublisher(BodyPublishers.ofByteArray(new byte[10])));
                default -> tusCreation(0, "resumable-" + i);
            };
            creations.add(transfers.http().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers =
                creations.stream().map(CompletableFuture::join).toList();

        Map<Integer, Long> byStatus =
                answers.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(byStatus).as("3 files exist, 2 more fit").containsOnlyKeys(201, 507);
        assertThat(byStatus.get(201)).isEqualTo(MAX_FILES - 3);
        assertThat(answers.stream().filter(r -> r.statusCode() == 507))
                .allSatisfy(r -> assertThat(r.body()).contains("\"FILE_COUNT_EXCEEDED\""));
        assertThat(storage.rows("files") + storage.rows("uploads")).isEqualTo(MAX_FILES);
        assertThat(storage.fileCount(alice.userId()))
                .isEqualTo(MAX_FILES)
                .isEqualTo(storage.expectedFileCount(alice.userId()));
        assertThat(storage.filesUnder("tmp")).isEmpty();
    }

    @Test
    void aResumableUploadHoldsItsPlaceUntilItEndsAndEmptyFilesCount() {
        String first = transfers.text(tusCreation(3, "first.bin")).expect(201).header("Location");
        String second = transfers.text(tusCreation(3, "second.bin")).expect(201).header("Location");

        Response full =
                transfers.upload(alice.token(), "empty.txt", new byte[0]).expect(507);
        assertThat(full.code()).isEqualTo("FILE_COUNT_EXCEEDED");
        assertThat(full.text("detail")).contains(Integer.toString(MAX_FILES));
        assertThat(transfers.text(tusCreation(0, "third.bin")).expect(507).code())
                .isEqualTo("FILE_COUNT_EXCEEDED");
        assertThat(transfers
                        .upload(alice.token(), "name=existing-0&overwrite=true", BodyPublishers.ofString("new"))
                        .expect(200)
                        .text("size"))
                .as("an overwrite adds no file")
                .isEqualTo("3");

        transfers.send("DELETE", first, alice.token(), "Tus-Resumable", "1.0.0");
        transfers.upload(alice.token(), "empty.txt", new byte[0]).expect(201);
        assertThat(transfers.upload(alice.token(), "one-more.txt", new byte[0]).code())
                .isEqualTo("FILE_COUNT_EXCEEDED");

        transfers
                .text(transfers.request(
                        "PATCH",
                        second,
                        alice.token(),
                        BodyPublishers.ofString("abc"),
                        "Tus-Resumable",
                        "1.0.0",
                        "Upload-Offset",
                        "0",
                        "Content-Type",
                        "application/offset+octet-stream"))
                .expect(204);
        assertThat(storage.rows("files")).isEqualTo(MAX_FILES);
        assertThat(storage.fileCount(alice.userId()))
                .as("the completed upload's place became its file's")
                .isEqualTo(MAX_FILES)
                .isEqualTo(storage.expectedFileCount(alice.userId()));

        String someFile = api.get("/api/v1/files?size=1", alice.token())
                .expect(200)
                .json()
                .get("items")
                .get(0)
                .get("fileId")
                .asString();
        api.delete("/api/v1/files/" + someFile, alice.token()).expect(204);
        transfers.upload(alice.token(), "after-delete.txt", new byte[0]).expect(201);
        assertThat(storage.fileCount(alice.userId())).isEqualTo(storage.expectedFileCount(alice.userId()));
    }

    @Test
    void theLimitIsPerUser() {
        LoggedIn bob = TestUsers.register(api, "bob");
        for (int i = 0; i < MAX_FILES; i++) {
            transfers.upload(bob.token(), "bobs-" + i, new byte[0]).expect(201);
        }
        transfers.upload(alice.token(), "alices-4th", new byte[0]).expect(201);
        assertThat(transfers.upload(bob.token(), "bobs-6th", new byte[0]).code())
                .isEqualTo("FILE_COUNT_EXCEEDED");
    }

    private static HttpRequest.BodyPublisher noBody() {
        return BodyPublishers.noBody();
    }

    private HttpRequest tusCreation(long length, String name) {
        return transfers.request(
                "POST",
                "/api/v1/uploads",
                alice.token(),
                null,
                "Tus-Resumable",
                "1.0.0",
                "Upload-Length",
                Long.toString(length),
                "Upload-Metadata",
                "filename " + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)));
    }
}
