package dev.filesys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.cli.StubCluster.Run;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One-shot mode without any server: help, usage errors and local failures, each one line with its exit code. */
class CliTest {

    @TempDir
    Path home;

    @Test
    void helpListsEveryCommand() {
        Run run = run("help");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains("Usage: filesys [-hV] [--json] [--balancer=URL] [--state=FILE] COMMAND")
                .contains("connect")
                .contains("register")
                .contains("ls ")
                .contains("upload ")
                .contains("download ")
                .contains("share ")
                .contains("unshare ")
                .contains("rm ")
                .contains("completion ")
                .contains("FILE is the name of one of your files");
        assertThat(run("--help").out()).isEqualTo(run.out());
        assertThat(run("-h").out()).isEqualTo(run.out());
    }

    @Test
    void eachCommandExplainsItself() {
        Run run = run("share", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .startsWith("Usage: filesys share [-hV] [--json] [-e=WHEN] FILE USER")
                .contains("USER")
                .contains("-e, --expires=WHEN")
                .contains("an instant (2026-12-31T23:00:00Z) or a duration (7d,");
        assertThat(run("help", "share").out()).isEqualTo(run.out());
        assertThat(run("upload", "-h").out())
                .contains("-f, --force, --overwrite")
                .contains("PATH...");
        assertThat(run("download", "--help").out()).contains("-o, --to=PATH").contains("FILE...");
    }

    @Test
    void versionNamesTheCliAndItsJava() {
        Run run = run("--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).matches("filesys \\d+\\.\\d+\\.\\d+\\S* \\(Java .+\\)\\n");
        assertThat(run("-V").out()).isEqualTo(run.out());
    }

    @Test
    void completionScriptsForBashZshAndFish() {
        Run bash = run("completion", "bash");
        Run fish = run("completion", "fish");

        assertThat(bash.exit()).isZero();
        assertThat(bash.out())
                .contains("complete -F _complete_filesys")
                .contains("upload")
                .contains("--overwrite");
        assertThat(run("completion", "zsh").out()).isEqualTo(bash.out()).contains("bashcompinit");
        assertThat(fish.exit()).isZero();
        assertThat(fish.out())
                .contains("complete -c filesys -n __fish_use_subcommand -a upload -d 'Upload local files.'")
                .contains("complete -c filesys -n '__fish_seen_subcommand_from download' -s o -l to -r")
                .contains("complete -c filesys -n '__fish_seen_subcommand_from ls' -s s -l shared");
        assertThat(run("completion", "tcsh").err())
                .isEqualTo("filesys: completion: SHELL is bash, zsh or fish, not 'tcsh' (USAGE)\n");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Run run = run("frobnicate", "x");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("filesys: unknown command 'frobnicate' (try 'filesys help') (UNKNOWN_COMMAND)\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void noCommandIsAUsageErrorOutsideATerminal() {
        Run run = run();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("filesys: no command given (try 'filesys help') (USAGE)\n");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(run("ls", "--everything").err())
                .isEqualTo("filesys: Unknown option: '--everything' (see 'filesys ls --help') (USAGE)\n");
        assertThat(run("ls", "--everything").exit()).isEqualTo(2);
        assertThat(run("share", "report.pdf").exit()).isEqualTo(2);
        assertThat(run("ls", "--shared", "--all").err())
                .isEqualTo("filesys: give --shared or --all, not both (USAGE)\n");
        assertThat(run("--verbose", "ls").exit()).isEqualTo(2);
        assertThat(run("share", "a", "bob", "--expires", "someday").err()).contains("--expires 'someday' is neither");
        assertThat(run("upload", "a", "b", "--name", "c").err())
                .isEqualTo("filesys: --name names one file; give one PATH with it (USAGE)\n");
        assertThat(run("upload", "-").err())
                .isEqualTo("filesys: uploading standard input (-) needs --name NAME (USAGE)\n");
        assertThat(run("download", "a", "b", "--to", "-").err())
                .isEqualTo("filesys: standard output (-) takes one FILE (USAGE)\n");
    }

    @Test
    void commandsThatNeedALoginSaySoWithoutAskingAnyServer() {
        Run run = run("ls");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err())
                .isEqualTo("filesys: not logged in: run 'filesys login USERNAME' (or 'filesys register USERNAME')"
                        + " (NOT_LOGGED_IN)\n");
    }

    @Test
    void aMissingLocalFileIsReportedBeforeAnythingElse() {
        Run run = run("upload", "my missing report.pdf");

        assertThat(run.exit()).isEqualTo(4);
        assertThat(run.err()).isEqualTo("filesys: no such file: my missing report.pdf (LOCAL_FILE_NOT_FOUND)\n");
    }

    @Test
    void aPasswordIsNeverAskedForWithoutATerminal() {
        Run run = run("login", "alice");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("filesys: no password: there is no terminal to ask on, so pass it with --password-stdin"
                        + " or FILESYS_PASSWORD (NO_PASSWORD)\n");
    }

    @Test
    void anEmptyPasswordOnStandardInputIsRefused() {
        Run run = StubCluster.runWith(
                Map.of("HOME", home.toString(), "FILESYS_BALANCER", StubCluster.deadUrl()),
                "\n",
                "login",
                "alice",
                "--password-stdin");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("filesys: --password-stdin: standard input has no password (USAGE)\n");
    }

    @Test
    void withJsonTheErrorIsJsonToo() {
        Run run = run("--json", "rm", "report.pdf");

        JsonNode error = JsonMapper.shared().readTree(run.err()).get("error");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(error.get("code").asString()).isEqualTo("NOT_LOGGED_IN");
        assertThat(error.get("exitCode").asInt()).isEqualTo(3);
        assertThat(run("rm", "report.pdf", "--json").err()).isEqualTo(run.err());
    }

    @Test
    void anUnusableStateFileIsOneLine() throws Exception {
        Path state = home.resolve("state.json");
        java.nio.file.Files.writeString(state, "{broken");

        Run run = StubCluster.runWith(Map.of("HOME", home.toString(), "FILESYS_STATE", state.toString()), "", "ls");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .startsWith("filesys: cannot use the state file " + state)
                .endsWith("(STATE_FILE_UNUSABLE)\n");
        assertThat(run("help").exit()).isZero();
    }

    private Run run(String... args) {
        return StubCluster.runWith(Map.of("HOME", home.toString()), "", args);
    }
}
