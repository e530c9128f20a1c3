package dev.filesys.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.ParsedInput;

class ShellLineParserTest {

    private final ShellLineParser parser = new ShellLineParser();

    @Test
    void interactiveLinesAreSplitLikeAShellDoes() {
        assertThat(ShellLineParser.split("upload 'my report.pdf' --name \"a b\" c\\ d"))
                .containsExactly("upload", "my report.pdf", "--name", "a b", "c d");
        assertThat(ShellLineParser.split("  ls   --all  ")).containsExactly("ls", "--all");
        assertThat(ShellLineParser.split("share \"\" bob")).containsExactly("share", "", "bob");
        assertThat(ShellLineParser.split("say 'it''s'")).containsExactly("say", "its");
    }

    @Test
    void theWordsAfterTheCommandArePassedOnAsTheyAreForPicocliToParse() {
        ParsedInput parsed = parser.parse("download 'a b.txt' -o /tmp/x --force --json");

        assertThat(parsed.commandName()).isEqualTo("download");
        assertThat(parsed.options()).isEmpty();
        assertThat(parsed.arguments().stream().map(CommandArgument::value).toList())
                .isEqualTo(List.of("a b.txt", "-o", "/tmp/x", "--force", "--json"));
    }

    @Test
    void anUnclosedQuoteIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ShellLineParser.split("upload 'a.txt"))
                .withMessage("unclosed ' quote");
    }
}
