package dev.filesys.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.cli.commands.FilesysCommands;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** How picocli reads a command line: strictly, with short and long options in both spellings. */
class CommandLineTest {

    @Test
    void argumentsKeepTheirSpaces() {
        ParseResult parsed = parse("upload", "my report.pdf", "--name", "final report.pdf");

        assertThat(sub(parsed).matchedPositionalValue(0, List.of())).isEqualTo(List.of("my report.pdf"));
        assertThat(sub(parsed).<String>matchedOptionValue("--name", null)).isEqualTo("final report.pdf");
    }

    @Test
    void optionsTakeTheirValueAfterAnEqualsSignOrAsTheNextWordAndHaveShortForms() {
        assertThat(sub(parse("download", "a.txt", "--to=/tmp/x")).<String>matchedOptionValue("--to", null))
                .isEqualTo("/tmp/x");
        assertThat(sub(parse("download", "--to", "/tmp/x", "a.txt")).<String>matchedOptionValue("--to", null))
                .isEqualTo("/tmp/x");
        assertThat(sub(parse("download", "a.txt", "-o", "/tmp/x")).<String>matchedOptionValue("--to", null))
                .isEqualTo("/tmp/x");
        assertThat(sub(parse("upload", "-f", "a.txt")).hasMatchedOption("--overwrite"))
                .isTrue();
        assertThat(sub(parse("ls", "-s")).hasMatchedOption("--shared")).isTrue();
        assertThat(sub(parse("share", "a", "bob", "-e", "7d")).<String>matchedOptionValue("--expires", null))
                .isEqualTo("7d");
        assertThat(parse("--balancer", "http://lb:9000", "--state=/tmp/s.json", "ls")
                        .<String>matchedOptionValue("--balancer", null))
                .isEqualTo("http://lb:9000");
    }

    @Test
    void aBooleanFlagNeverSwallowsTheNextWord() {
        ParseResult parsed = parse("upload", "--force", "a.txt");

        assertThat(sub(parsed).matchedPositionalValue(0, List.of())).isEqualTo(List.of("a.txt"));
    }

    @Test
    void doubleDashEndsTheOptionsAndADashIsAnArgument() {
        assertThat(sub(parse("upload", "--", "--odd-name.txt")).matchedPositionalValue(0, List.of()))
                .isEqualTo(List.of("--odd-name.txt"));
        assertThat(sub(parse("upload", "-", "-n", "x")).matchedPositionalValue(0, List.of()))
                .isEqualTo(List.of("-"));
    }

    @Test
    void severalFilesPerTransfer() {
        assertThat(sub(parse("upload", "a", "b", "c")).matchedPositionalValue(0, List.of()))
                .isEqualTo(List.of("a", "b", "c"));
        assertThat(sub(parse("download", "a", "b", "-o", "d/")).matchedPositionalValue(0, List.of()))
                .isEqualTo(List.of("a", "b"));
    }

    @Test
    void jsonIsAcceptedBeforeAndAfterTheCommand() {
        assertThat(parse("--json", "ls").hasMatchedOption("--json")).isTrue();
        assertThat(sub(parse("ls", "--shared", "--json")).hasMatchedOption("--json"))
                .isTrue();
    }

    @Test
    void badCommandLinesAreRefusedNotIgnored() {
        assertRefused("Unknown option: '--everything'", "ls", "--everything");
        assertRefused("Missing required parameter for option '--name'", "upload", "a.txt", "--name");
        assertRefused("should be specified only once", "upload", "a.txt", "--name", "b", "--name=c");
        assertRefused("Missing required parameter: 'USER'", "share", "a.txt");
        assertRefused("Unmatched argument", "rm", "a.txt", "b.txt");
        assertRefused("Unmatched argument", "whoami", "alice");
        assertRefused("Missing required parameter: 'PATH'", "upload");
    }

    @Test
    void theCommandNamesKnownWithoutPicocliModelAreExactlyItsCommands() {
        Set<String> commands = new FilesysCommands(globals -> null, top -> 0)
                .commandLine(null)
                .getSubcommands()
                .keySet();

        assertThat(commands).contains("ls", "admin", "completion");
        for (String command : commands) {
            assertThat(FilesysCommands.isCommand(command)).as(command).isEqualTo(!command.equals("help"));
        }
        assertThat(FilesysCommands.isCommand("lsx")).isFalse();
    }

    private static void assertRefused(String message, String... args) {
        assertThatThrownBy(() -> parse(args))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining(message);
    }

    private static ParseResult parse(String... args) {
        return new FilesysCommands(globals -> null, top -> 0).commandLine(null).parseArgs(args);
    }

    private static ParseResult sub(ParseResult parsed) {
        return parsed.subcommand();
    }
}
