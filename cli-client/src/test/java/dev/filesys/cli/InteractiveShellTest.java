package dev.filesys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.cli.client.ClientSettings;
import dev.filesys.cli.client.FilesysClient;
import dev.filesys.cli.commands.FilesysCommands;
import dev.filesys.cli.commands.ShellLineParser;
import dev.filesys.cli.state.StateStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        Settings settings = Settings.resolve(
                new FilesysCommands.Globals(null, null, false), Map.of("HOME", home.toString()), false);
        FilesysCommands commands = Typist.commands(() -> new FilesysClient(
                ClientSettings.defaults(settings.balancer()), new StateStore(settings.stateFile()), n -> {}));
        InputStream keyboard = new Typist().type("help\nls --bogus\nls\nupload 'no such file.txt'\nquit\n");
        ByteArrayOutputStream screen = new ByteArrayOutputStream();

        try (ConfigurableApplicationContext context = InteractiveShell.application(commands, settings)
                .initializers(c -> ((GenericApplicationContext) c)
                        .registerBean(
                                TerminalCustomizer.class,
                                () -> builder ->
                                        builder.system(false).type("dumb").streams(keyboard, screen)))
                .run()) {
            CommandRegistry registry = context.getBean(CommandRegistry.class);
            assertThat(registry.getCommands())
                    .extracting(c -> c.getName())
                    .contains(
                            "connect", "upload", "download", "share", "completion", "help", "clear", "history", "quit")
                    .containsOnlyOnce("help");
            assertThat(context.getBean(CommandParser.class)).isInstanceOf(ShellLineParser.class);
        }

        String shown = screen.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("filesys:> ");
        assertThat(shown).contains("Usage: filesys [-hV] [--json] [--balancer=URL] [--state=FILE] COMMAND");
        assertThat(shown).contains("filesys: Unknown option: '--bogus' (see 'filesys ls --help') (USAGE)");
        assertThat(shown)
                .contains("filesys: not logged in: run 'filesys login USERNAME' (or 'filesys register USERNAME')"
                        + " (NOT_LOGGED_IN)");
        assertThat(shown).contains("filesys: no such file: no such file.txt (LOCAL_FILE_NOT_FOUND)");
        assertThat(shown).doesNotContain("Error while executing");
        assertThat(shown).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.readString(settings.configDirectory().resolve("history")))
                .contains("help")
                .contains("upload 'no such file.txt'");
    }
}
