package dev.filesys.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.cli.client.ClientSettings;
import dev.filesys.cli.commands.CliFailure;
import dev.filesys.cli.commands.ExitCode;
import dev.filesys.cli.commands.FilesysCommands;
import dev.filesys.cli.progress.TransferProgress;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

class SettingsTest {

    @TempDir
    Path home;

    @Test
    void defaultsLiveInTheUsersConfigDirectory() {
        Settings settings = resolve(new String[] {"ls"}, Map.of("HOME", home.toString()), false);

        assertThat(settings.balancer()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(settings.stateFile()).isEqualTo(home.resolve(".config/filesys/state.json"));
        assertThat(settings.json()).isFalse();
        assertThat(settings.progress()).isEqualTo(TransferProgress.Mode.PLAIN);
        assertThat(settings.chunkBytes()).isEqualTo(ClientSettings.DEFAULT_CHUNK_BYTES);
    }

    @Test
    void globalOptionsComeInBothSpellings() {
        Settings settings = resolve(
                new String[] {
                    "--balancer", "http://lb:9000", "--state=/tmp/alice.json", "--json", "upload", "--name", "x", "a"
                },
                Map.of("HOME", home.toString()),
                false);

        assertThat(settings.balancer()).isEqualTo(URI.create("http://lb:9000"));
        assertThat(settings.stateFile()).isEqualTo(Path.of("/tmp/alice.json"));
        assertThat(settings.json()).isTrue();
    }

    @Test
    void optionsBeatEnvironmentVariablesWhichBeatTheConfigFile() throws IOException {
        Path config = home.resolve(".config/filesys/config.properties");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "balancer=http://from-config:1\nstate=/tmp/from-config.json\n");
        Map<String, String> environment = Map.of("HOME", home.toString(), "FILESYS_BALANCER", "http://from-env:2");

        Settings fromEnvironment = resolve(new String[] {"ls"}, environment, false);
        assertThat(fromEnvironment.balancer()).isEqualTo(URI.create("http://from-env:2"));
        assertThat(fromEnvironment.stateFile()).isEqualTo(Path.of("/tmp/from-config.json"));

        Settings fromOption = resolve(new String[] {"--balancer=http://from-option:3", "ls"}, environment, false);
        assertThat(fromOption.balancer()).isEqualTo(URI.create("http://from-option:3"));

        Settings fromConfig = resolve(new String[] {"ls"}, Map.of("HOME", home.toString()), false);
        assertThat(fromConfig.balancer()).isEqualTo(URI.create("http://from-config:1"));
    }

    @Test
    void theStateFileCanComeFromTheEnvironmentSoTwoUsersRunSideBySide() {
        Settings alice = resolve(
                new String[] {"ls"}, Map.of("HOME", home.toString(), "FILESYS_STATE", "/tmp/alice.json"), false);
        Settings bob =
                resolve(new String[] {"ls"}, Map.of("HOME", home.toString(), "FILESYS_STATE", "/tmp/bob.json"), false);

        assertThat(alice.stateFile()).isNotEqualTo(bob.stateFile());
    }

    @Test
    void xdgConfigHomeAndAnExplicitConfigFileAreHonoured() throws IOException {
        Settings xdg = resolve(new String[] {"ls"}, Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", "/xdg"), false);
        assertThat(xdg.stateFile()).isEqualTo(Path.of("/xdg/filesys/state.json"));

        Path config = home.resolve("elsewhere/filesys.properties");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "balancer=https://lb.example:8443\n");
        Settings explicit = resolve(
                new String[] {"ls"}, Map.of("HOME", home.toString(), "FILESYS_CONFIG", config.toString()), false);
        assertThat(explicit.balancer()).isEqualTo(URI.create("https://lb.example:8443"));
        assertThat(explicit.stateFile()).isEqualTo(config.getParent().resolve("state.json"));
    }

    @Test
    void aTerminalGetsABarUnlessTheEnvironmentSaysOtherwise() {
        Map<String, String> environment = Map.of("HOME", home.toString());
        assertThat(resolve(new String[] {"ls"}, environment, true).progress()).isEqualTo(TransferProgress.Mode.BAR);
        assertThat(resolve(new String[] {"ls"}, Map.of("HOME", home.toString(), "FILESYS_PROGRESS", "none"), true)
                        .progress())
                .isEqualTo(TransferProgress.Mode.NONE);
    }

    @Test
    void theChunkSizeTakesSuffixes() {
        assertThat(chunk("512k")).isEqualTo(512 * 1024);
        assertThat(chunk("4m")).isEqualTo(4 * 1024 * 1024);
        assertThat(chunk("1000")).isEqualTo(1000);
        assertUsage(() -> chunk("0"), "FILESYS_CHUNK_SIZE must be a positive number");
        assertUsage(() -> chunk("lots"), "FILESYS_CHUNK_SIZE must be a positive number");
    }

    @Test
    void badGlobalOptionsAreUsageErrors() {
        Map<String, String> environment = Map.of("HOME", home.toString());
        assertThatThrownBy(() -> resolve(new String[] {"--verbose", "ls"}, environment, false))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("Unknown option: '--verbose'");
        assertThatThrownBy(() -> resolve(new String[] {"--state"}, environment, false))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("Missing required parameter for option '--state'");
        assertUsage(() -> resolve(new String[] {"--balancer", "ftp://x", "ls"}, environment, false), "must be http(s)");
        assertUsage(
                () -> resolve(new String[] {"--balancer", "http://bad host", "ls"}, environment, false),
                "is not a URL");
    }

    private int chunk(String value) {
        return resolve(new String[] {"ls"}, Map.of("HOME", home.toString(), "FILESYS_CHUNK_SIZE", value), false)
                .chunkBytes();
    }

    /** The global options as picocli parses them, then resolved. */
    private static Settings resolve(String[] args, Map<String, String> environment, boolean terminal) {
        FilesysCommands commands = new FilesysCommands(globals -> null, top -> 0);
        commands.commandLine(null).parseArgs(args);
        return Settings.resolve(commands.globals(), environment, terminal);
    }

    private static void assertUsage(Runnable action, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        CliFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining(message);
    }
}
