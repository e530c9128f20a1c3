package dev.filesys.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.filesys.cli.StubCluster.API;
import static dev.filesys.cli.StubCluster.json;
import static dev.filesys.cli.StubCluster.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.filesys.cli.client.ClientSettings;
import dev.filesys.cli.client.FilesysClient;
import dev.filesys.cli.commands.FilesysCommands;
import dev.filesys.cli.state.StateStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jline.terminal.Attributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.shell.core.autoconfigure.TerminalCustomizer;

/**
 * Ctrl-C in the interactive shell, typed on a JLine terminal (the byte the terminal turns into SIGINT): during a
 * transfer it cancels the transfer only; at the prompt it drops the line. The shell goes on either way.
 */
class ShellInterruptTest {

    private static final String FILE_ID = "0b5c2f7e-1111-4c1a-9a3e-0123456789ab";
    private static final String CTRL_C = "\u0003";

    @TempDir
    Path home;

    private StubCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void ctrlCDuringADownloadCancelsOnlyTheDownload() throws IOException {
        cluster = new StubCluster(home);
        WireMockServer server = cluster.server();
        cluster.session("file-a", url(server), "token-a", "alice");
        byte[] data = new byte[100_000];
        server.stubFor(get(urlEqualTo(API + "/files/" + FILE_ID))
                .willReturn(json(200, StubCluster.file(FILE_ID, "report.pdf", data.length, "ab".repeat(32), "alice"))));
        // a minute for the whole body: the download is still running when Ctrl-C comes
        server.stubFor(get(urlEqualTo(API + "/files/" + FILE_ID + "/content"))
                .willReturn(aResponse().withStatus(200).withBody(data).withChunkedDribbleDelay(200, 60_000)));
        Path target = home.resolve("report.pdf");
        Path part = home.resolve("report.pdf." + "ab".repeat(6) + ".part");
        Typist keyboard = new Typist()
                .type("download " + FILE_ID + " --to " + target + "\n")
                .when(() -> Files.exists(part) && size(part) > 0)
                .type(CTRL_C)
                .type("help\nquit\n");

        String screen = runShell(keyboard);

        assertThat(screen).contains("filesys: cancelled (CANCELLED)");
        assertThat(screen.substring(screen.indexOf("(CANCELLED)")))
                .as("the shell read the next line after the cancelled download")
                .contains("Usage: filesys");
        assertThat(screen).doesNotContain("downloaded");
        assertThat(target).as("no half file under the final name").doesNotExist();
        assertThat(part).as("the partial download stays, to be continued").exists();
        server.verify(1, getRequestedFor(urlEqualTo(API + "/files/" + FILE_ID + "/content")));
    }

    @Test
    void ctrlCAtThePromptDropsTheLineAndTheShellGoesOn() throws IOException {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Typist keyboard = new Typist()
                .when(() -> shown(screen).contains("filesys:> "))
                .type("hel")
                .when(() -> shown(screen).contains("filesys:> hel"))
                .type(CTRL_C)
                .when(() -> shown(screen).split("filesys:> ", -1).length > 2)
                .type("history\nquit\n");

        runShell(keyboard, screen);

        List<String> history = Files.readAllLines(home.resolve(".config/filesys/history"));
        assertThat(history).anyMatch(line -> line.endsWith(":history"));
        assertThat(history).noneMatch(line -> line.contains("hel") && !line.endsWith(":history"));
    }

    private String runShell(Typist keyboard) {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        runShell(keyboard, screen);
        return screen.toString(StandardCharsets.UTF_8);
    }

    private void runShell(Typist keyboard, ByteArrayOutputStream screen) {
        Settings settings = Settings.resolve(
                new FilesysCommands.Globals(
                        cluster == null ? "http://127.0.0.1:9" : url(cluster.balancer),
                        home.resolve("state.json").toString(),
                        false),
                java.util.Map.of("HOME", home.toString()),
                false);
        FilesysCommands commands = Typist.commands(() -> new FilesysClient(
                ClientSettings.defaults(URI.create(settings.balancer().toString())),
                new StateStore(settings.stateFile()),
                n -> {}));
        try (ConfigurableApplicationContext context = InteractiveShell.application(commands, settings)
                .initializers(c -> ((GenericApplicationContext) c)
                        .registerBean(
                                TerminalCustomizer.class,
                                () -> builder -> builder.system(false)
                                        .provider("exec")
                                        .type("ansi")
                                        .streams(keyboard, screen)
                                        .attributes(signalling())))
                .run()) {
            // the shell ran until quit
        } finally {
            commands.close();
        }
    }

    /**
     * A terminal that turns Ctrl-C into SIGINT whenever it is typed, as a real one does (JLine's external terminal
     * reads its input all the time; a stream terminal has no flags set).
     */
    private static Attributes signalling() {
        Attributes attributes = new Attributes();
        attributes.setLocalFlag(Attributes.LocalFlag.ISIG, true);
        attributes.setControlChar(Attributes.ControlChar.VINTR, 3);
        return attributes;
    }

    /** What the screen shows, without the terminal's colour sequences. */
    private static String shown(ByteArrayOutputStream screen) {
        return screen.toString(StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
