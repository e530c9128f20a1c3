package dev.filesys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.cli.client.ClientSettings;
import dev.filesys.cli.client.FilesysClient;
import dev.filesys.cli.commands.CommandLineParser;
import dev.filesys.cli.commands.FilesysCommands;
import dev.filesys.cli.commands.Passwords;
import dev.filesys.cli.progress.TransferProgress;
import dev.filesys.cli.state.StateStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.shell.core.autoconfigure.TerminalCustomizer;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;

/** The interactive Spring Shell, driven through a JLine terminal on scripted input. */
class InteractiveShellTest {

    @TempDir
    Path home;

    @Test
    void theShellRunsTheSameCommandsWithHelpHistoryAndOneLineErrors() throws IOException {
        Settings settings = Settings.resolve(new String[0], Map.of("HOME", home.toString()), false);
        FilesysCommands commands = new FilesysCommands(
                () -> new FilesysClient(
                        ClientSettings.defaults(settings.balancer()), new StateStore(settings.stateFile()), n -> {}),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new Passwords(new ByteArrayInputStream(new byte[0]), Map.of()),
                false,
                TransferProgress.Mode.NONE,
                Clock.systemUTC());
        InputStream keyboard = new Typist("help\nls --bogus\nls\nupload 'no such file.txt'\nquit\n");
        ByteArrayOutputStream screen = new ByteArrayOutputStream();

        try (ConfigurableApplicationContext context = FilesysCli.shell(commands, settings)
                .initializers(c -> ((GenericApplicationContext) c)
                        .registerBean(
                                TerminalCustomizer.class,
                                () -> builder ->
                                        builder.system(false).type("dumb").streams(keyboard, screen)))
                .run()) {
            CommandRegistry registry = context.getBean(CommandRegistry.class);
            assertThat(registry.getCommands())
                    .extracting(c -> c.getName())
                    .contains("connect", "upload", "download", "share", "help", "clear", "history", "quit")
                    .containsOnlyOnce("help");
            assertThat(context.getBean(CommandParser.class)).isInstanceOf(CommandLineParser.class);
        }

        String shown = screen.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("filesys:> ");
        assertThat(shown).contains("upload PATH [--name NAME] [--overwrite]").contains("Built-In Commands:");
        assertThat(shown).contains("Error while parsing command: unknown option --bogus for 'ls'");
        assertThat(shown)
                .contains("Error while executing command ls: not logged in: run 'filesys login USERNAME'"
                        + " (or 'filesys register USERNAME') (NOT_LOGGED_IN)");
        assertThat(shown)
                .contains("Error while executing command upload: no such file: no such file.txt"
                        + " (LOCAL_FILE_NOT_FOUND)");
        assertThat(shown).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.readString(settings.configDirectory().resolve("history")))
                .contains("help")
                .contains("upload 'no such file.txt'");
    }

    /**
     * Types the lines, then waits like a keyboard nobody touches (an end of input would close the terminal before the
     * shell has read what came before it).
     */
    private static final class Typist extends InputStream {

        private final ByteArrayInputStream lines;
        private final CountDownLatch closed = new CountDownLatch(1);

        Typist(String text) {
            this.lines = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public int read() throws IOException {
            int next = lines.read();
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
            int available = lines.available();
            if (available == 0) {
                int next = read();
                if (next < 0) {
                    return -1;
                }
                buffer[offset] = (byte) next;
                return 1;
            }
            return lines.read(buffer, offset, Math.min(length, available));
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
