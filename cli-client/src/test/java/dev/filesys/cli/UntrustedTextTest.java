package dev.filesys.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.filesys.cli.StubCluster.API;
import static dev.filesys.cli.StubCluster.json;
import static dev.filesys.cli.StubCluster.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.filesys.cli.StubCluster.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What another user chose (a shared file's content type, its name) reaches the terminal escaped: no control sequence
 * gets through, and no line can pass for one of the CLI's own.
 */
class UntrustedTextTest {

    static final String FILE_ID = "f11e0000-0000-4000-8000-000000000001";

    @TempDir
    Path home;

    @Test
    void aSharedFilesContentTypeCannotSetTheWindowTitleOrForgeAnOwnerLine() {
        try (StubCluster cluster = new StubCluster(home)) {
            WireMockServer server = cluster.server();
            cluster.session("file-a", url(server), "token-a", "bob");
            server.stubFor(get(urlEqualTo(API + "/files/" + FILE_ID))
                    .willReturn(json(200, """
                            {"fileId":"%s","name":"notes.txt","size":3,"sha256":"%s",
                             "contentType":"text/plain\\u001b]0;pwned\\u0007\\nowner:    mallory",
                             "createdAt":"2026-11-29T10:00:00Z","owner":"alice","access":"shared","shares":[]}
                            """.formatted(FILE_ID, "0".repeat(64)))));

            Run run = cluster.run("info", FILE_ID);

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).doesNotContain("\u001b").doesNotContain("\u0007");
            assertThat(run.out().lines().filter(line -> line.startsWith("owner:")))
                    .containsExactly("owner:    alice");
            assertThat(run.out()).contains("type:     text/plain\\x1b]0;pwned\\x07\\nowner:    mallory");
        }
    }
}
