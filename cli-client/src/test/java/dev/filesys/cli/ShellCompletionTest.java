package dev.filesys.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.filesys.cli.StubCluster.API;
import static dev.filesys.cli.StubCluster.json;
import static dev.filesys.cli.StubCluster.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.filesys.cli.client.ClientSettings;
import dev.filesys.cli.client.FilesysClient;
import dev.filesys.cli.commands.FilesysCommands;
import dev.filesys.cli.state.StateStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Parser.ParseContext;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.jline.CommandCompleter;

/** Tab completion in the interactive shell: local paths for {@code upload}, the server's names for {@code download}. */
class ShellCompletionTest {

    @TempDir
    Path home;

    private StubCluster cluster;
    private FilesysCommands commands;
    private CommandCompleter completer;

    @BeforeEach
    void shell() throws IOException {
        Files.createDirectories(home.resolve("reports"));
        Files.writeString(home.resolve("report.pdf"), "x");
        Files.writeString(home.resolve("other.txt"), "x");
        Files.writeString(home.resolve(".report.swp"), "x");
        cluster = new StubCluster(home);
        commands = Typist.commands(() -> new FilesysClient(
                ClientSettings.defaults(URI.create(url(cluster.balancer))),
                new StateStore(cluster.stateFile()),
                n -> {}));
        CommandRegistry registry = new InteractiveShell().commandRegistry(commands, new ForegroundCommand());
        completer = new InteractiveShell().commandCompleter(registry);
    }

    @AfterEach
    void stop() {
        commands.close();
        cluster.close();
    }

    @Test
    void uploadCompletesLocalPathsThatStartWithWhatIsTyped() {
        assertThat(complete("upload " + home + "/rep"))
                .containsExactlyInAnyOrder(home + "/report.pdf", home + "/reports/");
        assertThat(complete("upload " + home + "/.rep")).containsExactly(home + "/.report.swp");
        assertThat(complete("upload " + home + "/reports/")).isEmpty();
    }

    @Test
    void aDirectoryIsProposedWithASlashAndCompletionGoesOnIntoIt() {
        List<Candidate> candidates = candidates("upload " + home + "/rep");

        assertThat(candidates)
                .filteredOn(c -> c.value().endsWith("/reports/"))
                .singleElement()
                .satisfies(c -> assertThat(c.complete()).isFalse());
        assertThat(candidates)
                .filteredOn(c -> c.value().endsWith("/report.pdf"))
                .singleElement()
                .satisfies(c -> assertThat(c.complete()).isTrue());
    }

    @Test
    void aTildeStandsForTheHomeDirectory() {
        PathCompletion paths = new PathCompletion(home);

        assertThat(paths.apply(context("~/rep")))
                .extracting(p -> p.value())
                .containsExactly("~/report.pdf", "~/reports/");
        assertThat(ShellWords.expandHome("~/report.pdf", home)).isEqualTo(home + "/report.pdf");
        assertThat(ShellWords.expandHome("a~b", home)).isEqualTo("a~b");
    }

    @Test
    void downloadCompletesTheNamesOnTheServerThatStartWithWhatIsTyped() {
        WireMockServer server = cluster.server();
        cluster.session("file-a", url(server), "token-a", "alice");
        server.stubFor(get(urlEqualTo(API + "/files?scope=all&limit=100"))
                .willReturn(json(
                        200,
                        StubCluster.page(
                                StubCluster.file("f-1", "report.pdf", 1, "ab", "alice"),
                                StubCluster.file("f-2", "reports-2026.csv", 1, "ab", "bob"),
                                StubCluster.file("f-3", "other.txt", 1, "ab", "alice")))));

        assertThat(complete("download rep")).containsExactlyInAnyOrder("report.pdf", "reports-2026.csv");
    }

    @Test
    void aPathCompletesWithWhatTheFolderTypedHolds() {
        WireMockServer server = cluster.server();
        cluster.session("file-a", url(server), "token-a", "alice");
        String folderId = "f01d0000-0000-4000-8000-000000000001";
        server.stubFor(get(urlPathEqualTo(API + "/items"))
                .withQueryParam("path", equalTo("/reports"))
                .willReturn(json(200, """
                        {"kind":"folder","folderId":"%s","name":"reports","path":"/reports","version":2}
                        """.formatted(folderId))));
        server.stubFor(
                get(urlPathEqualTo(API + "/folders/" + folderId + "/children")).willReturn(json(200, """
                        {"items":[{"kind":"folder","folderId":"f01d0000-0000-4000-8000-000000000002","name":"2026"},
                          {"kind":"file","fileId":"f11e0000-0000-4000-8000-000000000001","name":"q3.pdf","size":1}]}
                        """)));

        assertThat(complete("ls /reports/")).containsExactly("/reports/2026/", "/reports/q3.pdf");
        assertThat(complete("mv /reports/q")).containsExactly("/reports/q3.pdf");
        assertThat(candidates("info /reports/2"))
                .singleElement()
                .satisfies(c -> assertThat(c.complete()).isFalse());
        assertThat(complete("ls /nowhere/x")).isEmpty();
    }

    private List<String> complete(String line) {
        return candidates(line).stream()
                .map(Candidate::value)
                .filter(value -> !value.startsWith("-"))
                .toList();
    }

    private List<Candidate> candidates(String line) {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, new DefaultParser().parse(line, line.length(), ParseContext.COMPLETE), candidates);
        return candidates;
    }

    private static org.springframework.shell.core.command.completion.CompletionContext context(String word) {
        return new org.springframework.shell.core.command.completion.CompletionContext(
                List.of("upload", word), 1, word.length(), null, null);
    }
}
