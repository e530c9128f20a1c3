package dev.filesys.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.filesys.cli.progress.TransferProgress;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ParsedInput;

class CommandLineParserTest {

    private final CommandRegistry registry = CommandCatalog.registry(commands(), null);
    private final CommandLineParser parser = new CommandLineParser(registry);

    @Test
    void argumentsKeepTheirSpacesInOneShotMode() {
        ParsedInput parsed = parser.parse(List.of("upload", "my report.pdf", "--name", "final report.pdf"));

        assertThat(parsed.commandName()).isEqualTo("upload");
        assertThat(arguments(parsed)).containsExactly("my report.pdf");
        assertThat(option(parsed, "name")).isEqualTo("final report.pdf");
    }

    @Test
    void optionsTakeTheirValueAfterAnEqualsSignOrAsTheNextWord() {
        assertThat(option(parser.parse(List.of("download", "a.txt", "--to=/tmp/x")), "to"))
                .isEqualTo("/tmp/x");
        assertThat(option(parser.parse(List.of("download", "--to", "/tmp/x", "a.txt")), "to"))
                .isEqualTo("/tmp/x");
    }

    @Test
    void aBooleanFlagNeverSwallowsTheNextWord() {
        ParsedInput parsed = parser.parse(List.of("upload", "--overwrite", "a.txt"));

        assertThat(option(parsed, "overwrite")).isEqualTo("true");
        assertThat(arguments(parsed)).containsExactly("a.txt");
    }

    @Test
    void aBooleanFlagMayBeSetExplicitly() {
        assertThat(option(parser.parse(List.of("upload", "a.txt", "--overwrite=false")), "overwrite"))
                .isEqualTo("false");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parser.parse(List.of("upload", "a.txt", "--overwrite=maybe")))
                .withMessageContaining("--overwrite takes no value");
    }

    @Test
    void doubleDashEndsTheOptions() {
        ParsedInput parsed = parser.parse(List.of("upload", "--", "--odd-name.txt"));

        assertThat(arguments(parsed)).containsExactly("--odd-name.txt");
        assertThat(parsed.options()).isEmpty();
    }

    @Test
    void unknownOptionsAreRefusedNotIgnored() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parser.parse(List.of("ls", "--everything")))
                .withMessage("unknown option --everything for 'ls' (see 'ls --help')");
    }

    @Test
    void aValuedOptionWithoutItsValueIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parser.parse(List.of("upload", "a.txt", "--name")))
                .withMessage("option --name needs a value");
    }

    @Test
    void anOptionGivenTwiceIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parser.parse(List.of("upload", "a.txt", "--name", "b", "--name=c")))
                .withMessage("option --name is given twice");
    }

    @Test
    void missingAndSurplusArgumentsAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parser.parse(List.of("share", "a.txt")))
                .withMessage("'share' needs USER (see 'share --help')");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parser.parse(List.of("rm", "a.txt", "b.txt")))
                .withMessage("'rm' takes FILE; unexpected argument 'b.txt'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parser.parse(List.of("whoami", "alice")))
                .withMessage("'whoami' takes no arguments; unexpected argument 'alice'");
    }

    @Test
    void everyCommandAcceptsJson() {
        ParsedInput parsed = parser.parse(List.of("ls", "--shared", "--json"));

        assertThat(option(parsed, "json")).isEqualTo("true");
        assertThat(option(parsed, "shared")).isEqualTo("true");
    }

    @Test
    void helpWinsOverEverythingElse() {
        ParsedInput parsed = parser.parse(List.of("share", "--help"));

        assertThat(parsed.options())
                .singleElement()
                .satisfies(o -> assertThat(o.longName()).isEqualTo("help"));
    }

    @Test
    void anUnknownCommandIsLeftToTheCaller() {
        ParsedInput parsed = parser.parse(List.of("frobnicate", "--x"));

        assertThat(parsed.commandName()).isEqualTo("frobnicate");
        assertThat(registry.getCommandByName("frobnicate")).isNull();
    }

    @Test
    void interactiveLinesAreSplitLikeAShellDoes() {
        assertThat(CommandLineParser.split("upload 'my report.pdf' --name \"a b\" c\\ d"))
                .containsExactly("upload", "my report.pdf", "--name", "a b", "c d");
        assertThat(CommandLineParser.split("  ls   --all  ")).containsExactly("ls", "--all");
        assertThat(CommandLineParser.split("share \"\" bob")).containsExactly("share", "", "bob");
        assertThat(CommandLineParser.split("say 'it''s'")).containsExactly("say", "its");
    }

    @Test
    void anUnclosedQuoteIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CommandLineParser.split("upload 'a.txt"))
                .withMessage("unclosed ' quote");
    }

    @Test
    void anEmptyArgumentIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parser.parse(CommandLineParser.split("share \"\" bob")))
                .withMessage("FILE must not be empty");
    }

    static FilesysCommands commands() {
        return new FilesysCommands(
                () -> {
                    throw new IllegalStateException("no client in parser tests");
                },
                new PrintStream(OutputStream.nullOutputStream()),
                new Passwords(new ByteArrayInputStream(new byte[0]), Map.of()),
                false,
                TransferProgress.Mode.NONE,
                Clock.systemUTC());
    }

    private static List<String> arguments(ParsedInput parsed) {
        return parsed.arguments().stream().map(CommandArgument::value).toList();
    }

    private static String option(ParsedInput parsed, String name) {
        return parsed.options().stream()
                .filter(o -> name.equals(o.longName()))
                .map(CommandOption::value)
                .findFirst()
                .orElse(null);
    }
}
