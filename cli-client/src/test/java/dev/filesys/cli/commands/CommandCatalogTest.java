package dev.filesys.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;

class CommandCatalogTest {

    private final CommandRegistry registry = CommandCatalog.registry(CommandLineParserTest.commands(), null);

    @Test
    void everyCommandOfTheIssueIsThereWithItsHelp() {
        assertThat(registry.getCommands())
                .extracting(Command::getName)
                .containsExactlyInAnyOrder(
                        "connect",
                        "register",
                        "login",
                        "logout",
                        "whoami",
                        "ls",
                        "upload",
                        "download",
                        "info",
                        "share",
                        "unshare",
                        "rm",
                        "events",
                        "help");
        for (Command command : registry.getCommands()) {
            assertThat(command.getHelp()).as(command.getName()).startsWith("Usage: filesys " + command.getName());
            assertThat(command.getDescription())
                    .as(command.getName())
                    .isNotBlank()
                    .isNotEqualTo("N/A");
        }
    }

    @Test
    void optionsKeepTheirTypesSoFlagsAreFlags() {
        assertThat(registry.getCommandByName("ls").getOptions())
                .extracting(CommandOption::longName, CommandOption::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("shared", boolean.class),
                        org.assertj.core.groups.Tuple.tuple("all", boolean.class));
        assertThat(registry.getCommandByName("upload").getOptions())
                .extracting(CommandOption::longName)
                .containsExactly("name", "overwrite");
    }

    @Test
    void theShellCompletesLocalPathsForUpload(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("report.pdf"), "x");
        Files.writeString(directory.resolve("notes.txt"), "x");
        Command upload = registry.getCommandByName("upload");
        String typed = directory + "/rep";

        List<CompletionProposal> proposals = upload.getCompletionProvider()
                .apply(new CompletionContext(List.of("upload", typed), 1, typed.length(), upload, null));

        assertThat(proposals).extracting(CompletionProposal::value).containsExactly(directory + "/report.pdf");
    }
}
