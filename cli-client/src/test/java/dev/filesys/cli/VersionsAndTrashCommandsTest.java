package dev.filesys.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.filesys.cli.StubCluster.API;
import static dev.filesys.cli.StubCluster.json;
import static dev.filesys.cli.StubCluster.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.filesys.cli.StubCluster.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** versions, restore and trash against a stand-in file-service: what each asks of the server and what it prints. */
class VersionsAndTrashCommandsTest {

    static final String FILE_ID = "f11e0000-0000-4000-8000-000000000001";
    static final String VERSION_ID = "7e5a0000-0000-4000-8000-000000000001";
    static final String OLDER_ID = "7e5a0000-0000-4000-8000-000000000002";
    static final String SHA = "a".repeat(64);

    @TempDir
    Path home;

    StubCluster cluster;
    WireMockServer server;

    @BeforeEach
    void start() {
        cluster = new StubCluster(home);
        server = cluster.server();
        cluster.session("file-a", url(server), "token-a", "alice");
        server.stubFor(get(urlEqualTo(API + "/files/" + FILE_ID))
                .willReturn(json(200, StubCluster.file(FILE_ID, "report.pdf", 10, SHA, "alice"))));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void versionsListsEveryPageNewestFirst() {
        server.stubFor(get(urlPathEqualTo(API + "/files/" + FILE_ID + "/versions"))
                .withQueryParam("cursor", absent())
                .willReturn(json(200, """
                        {"items":[{"versionId":"%s","size":2048,"sha256":"%s","contentType":"application/pdf",
                          "createdAt":"2026-11-29T10:00:00Z","createdBy":"alice","replacedAt":"2026-11-30T10:00:00Z"}],
                         "nextCursor":"next-page"}
                        """.formatted(VERSION_ID, SHA))));
        server.stubFor(get(urlPathEqualTo(API + "/files/" + FILE_ID + "/versions"))
                .withQueryParam("cursor", equalTo("next-page"))
                .willReturn(json(200, """
                        {"items":[{"versionId":"%s","size":7,"sha256":"%s","contentType":"text/plain",
                          "createdAt":"2026-11-28T10:00:00Z","replacedAt":"2026-11-29T10:00:00Z"}]}
                        """.formatted(OLDER_ID, SHA))));

        Run run = cluster.run("versions", FILE_ID);
        Run asJson = cluster.run("--json", "versions", FILE_ID);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).hasSize(2);
        assertThat(run.out().lines().findFirst().orElseThrow())
                .startsWith(VERSION_ID)
                .contains("2.0 KiB")
                .contains("replaced 2026-11-30T10:00:00Z")
                .endsWith("by alice");
        assertThat(run.out().lines().skip(1).findFirst().orElseThrow()).startsWith(OLDER_ID);
        JsonNode versions = JsonMapper.shared().readTree(asJson.out());
        assertThat(versions.size()).isEqualTo(2);
        assertThat(versions.get(1).get("versionId").asString()).isEqualTo(OLDER_ID);
    }

    @Test
    void restorePostsTheVersionOfTheResolvedFile() {
        server.stubFor(post(urlEqualTo(API + "/files/" + FILE_ID + "/versions/" + VERSION_ID + "/restore"))
                .willReturn(json(200, StubCluster.file(FILE_ID, "report.pdf", 2048, SHA, "alice"))));

        Run run = cluster.run("restore", FILE_ID, VERSION_ID);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("restored report.pdf to version " + VERSION_ID + " (2.0 KiB)\n");
        server.verify(postRequestedFor(urlEqualTo(API + "/files/" + FILE_ID + "/versions/" + VERSION_ID + "/restore")));
    }

    @Test
    void trashListsRestoresPurgesAndEmpties() {
        server.stubFor(get(urlPathEqualTo(API + "/trash")).willReturn(json(200, """
                        {"items":[{"kind":"file","id":"%s","name":"report.pdf","originalPath":"/reports/report.pdf",
                          "originalFolderId":"f01d0000-0000-4000-8000-000000000001","trashedAt":"2026-12-01T10:00:00Z",
                          "size":10,"expiresAt":"2026-12-31T10:00:00Z"}]}
                        """.formatted(FILE_ID))));
        server.stubFor(post(urlEqualTo(API + "/trash/report.pdf/restore"))
                .willReturn(json(200, StubCluster.file(FILE_ID, "report.pdf", 10, SHA, "alice"))));
        server.stubFor(delete(urlEqualTo(API + "/trash/" + FILE_ID))
                .willReturn(aResponse().withStatus(204)));
        server.stubFor(delete(urlEqualTo(API + "/trash")).willReturn(aResponse().withStatus(204)));

        Run listed = cluster.run("trash");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).startsWith(FILE_ID).contains("file").contains("/reports/report.pdf");

        Run restored = cluster.run("trash", "restore", "report.pdf");
        assertThat(restored.exit()).as(restored.err()).isZero();
        assertThat(restored.out()).isEqualTo("restored file report.pdf\n");

        assertThat(cluster.run("trash", "rm", FILE_ID).out()).isEqualTo("deleted " + FILE_ID + " for good\n");
        server.verify(deleteRequestedFor(urlEqualTo(API + "/trash/" + FILE_ID)));
        assertThat(cluster.run("trash", "empty").out()).isEqualTo("emptied the trash\n");
        server.verify(deleteRequestedFor(urlEqualTo(API + "/trash")));
    }

    @Test
    void aRefusalIsOneLineAndBadActionsAreUsageErrors() {
        server.stubFor(delete(urlEqualTo(API + "/trash/nothing.txt"))
                .willReturn(StubCluster.problem(404, "TRASH_ITEM_NOT_FOUND", "Your trash holds no such item.")));

        Run missing = cluster.run("trash", "rm", "nothing.txt");
        assertThat(missing.err()).isEqualTo("filesys: Your trash holds no such item. (TRASH_ITEM_NOT_FOUND)\n");
        assertThat(missing.exit()).isNotZero();

        Run unknown = cluster.run("trash", "shred", "x");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("ACTION is restore, rm or empty");
        assertThat(cluster.run("trash", "restore").err()).contains("give the ITEM");
        assertThat(cluster.run("trash", "empty", "x").err()).contains("takes no ITEM");
    }
}
