package dev.filesys.cli;

import dev.filesys.cli.client.ClientSettings;
import dev.filesys.cli.commands.CliFailure;
import dev.filesys.cli.commands.ExitCode;
import dev.filesys.cli.commands.FilesysCommands;
import dev.filesys.cli.progress.TransferProgress;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The global options (given before the command, parsed by picocli) resolved against the environment and the config file.
 *
 * <p>Precedence, highest first: the option ({@code --balancer URL}), the environment variable
 * ({@code FILESYS_BALANCER}), the config file ({@code balancer=} in {@code ~/.config/filesys/config.properties}), the
 * default ({@code http://127.0.0.1:8080}); the same for {@code --state} / {@code FILESYS_STATE} / {@code state=} /
 * {@code ~/.config/filesys/state.json}.
 *
 * @param balancer the balancer's base URL
 * @param stateFile the state file
 * @param configDirectory the directory of the config file (and the interactive shell's history)
 * @param json whether results are printed as JSON
 * @param progress how transfers show progress
 * @param chunkBytes the tus chunk size
 * @param stallTimeout how long a transfer may stand still before the server counts as gone
 */
record Settings(
        URI balancer,
        Path stateFile,
        Path configDirectory,
        boolean json,
        TransferProgress.Mode progress,
        int chunkBytes,
        Duration stallTimeout) {

    static final String DEFAULT_BALANCER = "http://127.0.0.1:8080";
    static final String BALANCER_VARIABLE = "FILESYS_BALANCER";
    static final String STATE_VARIABLE = "FILESYS_STATE";
    static final String CONFIG_VARIABLE = "FILESYS_CONFIG";
    static final String PROGRESS_VARIABLE = "FILESYS_PROGRESS";
    static final String CHUNK_VARIABLE = "FILESYS_CHUNK_SIZE";
    static final String STALL_VARIABLE = "FILESYS_STALL_TIMEOUT";

    /**
     * @param globals the global options given on the command line (each {@code null} when not given)
     * @param environment the environment variables
     * @param terminal whether standard error is a terminal (progress bars instead of lines)
     * @throws CliFailure for an invalid URL or setting
     */
    static Settings resolve(FilesysCommands.Globals globals, Map<String, String> environment, boolean terminal) {
        String balancer = globals.balancer();
        String state = globals.state();
        Path configDirectory = configDirectory(environment);
        Path configFile = environment.containsKey(CONFIG_VARIABLE)
                ? path(environment.get(CONFIG_VARIABLE), CONFIG_VARIABLE)
                : configDirectory.resolve("config.properties");
        Properties config = config(configFile);
        if (environment.containsKey(CONFIG_VARIABLE) && configFile.getParent() != null) {
            configDirectory = configFile.getParent();
        }

        String balancerUrl = first(balancer, environment.get(BALANCER_VARIABLE), config.getProperty("balancer"));
        String stateFile = first(state, environment.get(STATE_VARIABLE), config.getProperty("state"));
        return new Settings(
                url(balancerUrl == null ? DEFAULT_BALANCER : balancerUrl),
                stateFile == null ? configDirectory.resolve("state.json") : path(stateFile, "--state"),
                configDirectory,
                globals.json(),
                progress(environment.get(PROGRESS_VARIABLE), terminal),
                chunk(environment.get(CHUNK_VARIABLE)),
                stall(environment.get(STALL_VARIABLE)));
    }

    /** {@code $XDG_CONFIG_HOME/filesys}, else {@code ~/.config/filesys}. */
    private static Path configDirectory(Map<String, String> environment) {
        String xdg = environment.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "filesys");
        }
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".config", "filesys");
    }

    private static Properties config(Path file) {
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new CliFailure(
                        ExitCode.GENERAL, "CONFIG_UNREADABLE", "cannot read " + file + ": " + e.getMessage());
            }
        }
        return properties;
    }

    private static URI url(String value) {
        try {
            URI uri = new URI(value.strip());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw CliFailure.usage("the balancer URL must be http(s)://host[:port], not '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CliFailure.usage("the balancer URL '" + value + "' is not a URL");
        }
    }

    private static Path path(String value, String what) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw CliFailure.usage(what + ": not a valid path: " + value);
        }
    }

    private static TransferProgress.Mode progress(String value, boolean terminal) {
        if (value == null || value.isBlank()) {
            return terminal ? TransferProgress.Mode.BAR : TransferProgress.Mode.PLAIN;
        }
        try {
            return TransferProgress.Mode.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(PROGRESS_VARIABLE + " must be bar, plain or none, not '" + value + "'");
        }
    }

    /** Bytes, or with a {@code k} / {@code m} suffix KiB / MiB. */
    private static int chunk(String value) {
        if (value == null || value.isBlank()) {
            return ClientSettings.DEFAULT_CHUNK_BYTES;
        }
        String text = value.strip().toLowerCase(Locale.ROOT);
        long factor = 1;
        if (text.endsWith("k") || text.endsWith("m")) {
            factor = text.endsWith("k") ? 1024 : 1024 * 1024;
            text = text.substring(0, text.length() - 1);
        }
        try {
            long bytes = Math.multiplyExact(Long.parseLong(text), factor);
            if (bytes < 1 || bytes > Integer.MAX_VALUE - 8) {
                throw new NumberFormatException();
            }
            return (int) bytes;
        } catch (NumberFormatException | ArithmeticException e) {
            throw CliFailure.usage(
                    CHUNK_VARIABLE + " must be a positive number of bytes (or 512k, 8m), not '" + value + "'");
        }
    }

    /** Seconds. */
    private static Duration stall(String value) {
        if (value == null || value.isBlank()) {
            return ClientSettings.DEFAULT_STALL_TIMEOUT;
        }
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds < 1) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw CliFailure.usage(STALL_VARIABLE + " must be a positive number of seconds, not '" + value + "'");
        }
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
