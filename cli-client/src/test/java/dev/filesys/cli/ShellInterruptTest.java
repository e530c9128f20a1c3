package dev.filesys.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.filesys.cli.StubCluster.API;
import static dev.filesys.cli.StubCluster.json;
import static dev.filesys.cli.StubCluster.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.filesys.cli.client.ClientSettings;
import dev.filesys.cli.client.FilesysClient;
import dev.filesys.cli.commands.FilesysCommands;
import dev.filesys.cli.commands.Invocation;
import dev.filesys.cli.commands.Passwords;
import dev.filesys.cli.progress.TransferProgress;
import dev.filesys.cli.state.StateStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;
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
        Invocation invocation = new Invocation(
                () -> new FilesysClient(
                        ClientSettings.defaults(URI.create(settings.balancer().toString())),
                        new StateStore(settings.stateFile()),
                        n -> {}),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new Passwords(new ByteArrayInputStream(new byte[0]), java.util.Map.of()),
                prompt -> new char[0],
                false,
                TransferProgress.Mode.NONE,
                Clock.systemUTC());
        FilesysCommands commands = new FilesysCommands(globals -> invocation, top -> 0);
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

    /**
     * Types text, waiting before a part until a condition holds (as a user waits to see a transfer under way), then
     * waits like a keyboard nobody touches (an end of input would close the terminal before the shell has read what
     * came before it).
     */
    private static final class Typist extends InputStream {

        private final Deque<Object> script = new ArrayDeque<>();
        private final CountDownLatch closed = new CountDownLatch(1);
        private ByteArrayInputStream current = new ByteArrayInputStream(new byte[0]);

        Typist type(String text) {
            script.add(text);
            return this;
        }

        Typist when(BooleanSupplier condition) {
            script.add(condition);
            return this;
        }

        @Override
        public synchronized int read() throws IOException {
            while (current.available() == 0 && !script.isEmpty()) {
                Object next = script.poll();
                if (next instanceof BooleanSupplier condition) {
                    try {
                        await().atMost(Duration.ofSeconds(30)).until(condition::getAsBoolean);
                    } catch (ConditionTimeoutException e) {
                        // type on: the test's assertions tell what went wrong, a stuck terminal would not
                    }
                } else {
                    current = new ByteArrayInputStream(((String) next).getBytes(StandardCharsets.UTF_8));
                }
            }
            int next = current.read();
            if (next >= 0) {
                return next;
            }
            try {
                closed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int next = read();
            if (next < 0) {
                return -1;
            }
            buffer[offset] = (byte) next;
            return 1;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
