package dev.filesys.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The system as the README starts it: the packaged launcher in its own JVM with embedded PostgreSQL, the balancer and
 * one file-service on loopback ports the launcher picks, read from its summary. Stopped with SIGTERM, as Ctrl-C stops it.
 */
final class LaunchedSystem implements AutoCloseable {

    private static final Path LAUNCHER = Path.of(System.getProperty("filesys.launcher.jar", "missing.jar"));

    /** A line of the launcher's summary: a service and its URL. */
    private static final Pattern ADDRESS = Pattern.compile("(?m)^\\s+(balancer|file-1)\\s+(http://\\S+)$");

    private final Process process;
    private final Path console;
    String balancerUrl;
    String fileServiceUrl;

    private LaunchedSystem(Process process, Path console) {
        this.process = process;
        this.console = console;
    }

    static LaunchedSystem start(Path work) throws IOException {
        assertThat(LAUNCHER)
                .as("the launcher jar (built by local-cluster's package phase)")
                .exists();
        Path console = work.resolve("console.txt");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                LAUNCHER.toString(),
                "--data-dir",
                work.resolve("data").toString(),
                // 0: any free port; the summary says which
                "--postgres-port",
                "0",
                "--balancer-port",
                "0",
                "--file-ports",
                "0");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
        LaunchedSystem system = new LaunchedSystem(process, console);
        system.awaitRunning();
        return system;
    }

    private void awaitRunning() throws IOException {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String text = readConsole();
                    if (!process.isAlive()) {
                        throw new AssertionError("the launcher exited:\n" + text);
                    }
                    return text.contains("Press Ctrl-C to stop.");
                });
        Matcher addresses = ADDRESS.matcher(readConsole());
        while (addresses.find()) {
            if (addresses.group(1).equals("balancer")) {
                balancerUrl = addresses.group(2);
            } else {
                fileServiceUrl = addresses.group(2);
            }
        }
        assertThat(balancerUrl)
                .as("the balancer's URL in the summary\n%s", readConsole())
                .isNotNull();
        assertThat(fileServiceUrl)
                .as("the file-service's URL in the summary\n%s", readConsole())
                .isNotNull();
    }

    private String readConsole() throws IOException {
        return Files.readString(console, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
