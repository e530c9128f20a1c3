package dev.filesys.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.e2e.RunnableBlocks.Block;
import dev.filesys.e2e.RunnableBlocks.Marker;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's commands, run as a reader pastes them, so the README cannot drift from the system. The system is started
 * as the README's first command starts it (its {@code java -jar} of the launcher, from a directory that looks like the
 * checkout, with any free ports); then every block marked {@code <!-- runnable -->} runs, in order, in one bash, as a
 * new user would run it: a fresh home directory, only the JDK, curl and jq on the path, the balancer's documented
 * address replaced by the one under test, and whatever a password prompt asks for in {@code FILESYS_PASSWORD}. A
 * command that fails, an HTTP error answer (curl runs with {@code --fail-with-body}) or an unset variable fails the
 * test, naming the README's line.
 */
class DocumentedCommandsTest {

    private static final Path REPOSITORY = Path.of(System.getProperty("filesys.repository", ".."));
    private static final String README = "README.md";
    /** The balancer's address in the documentation; the blocks get the one under test instead. */
    private static final String DOCUMENTED_BALANCER = "http://127.0.0.1:8080";
    /** The README's first command: how the system is started. */
    private static final Pattern LAUNCH = Pattern.compile("java -jar (local-cluster/target/\\S+\\.jar)");

    private static final Pattern BALANCER = Pattern.compile("(?m)^ +balancer +(http://\\S+)$");
    /** Not linked into the directory the commands run in: what a run makes, and what a clone does not have. */
    private static final Set<String> LEFT_OUT = Set.of(".git", "data", "target");
    /** What the reader types when the CLI asks for a password. */
    private static final String PASSWORD = "paste-able documentation 19";

    private static final AtomicInteger RUNS = new AtomicInteger();

    @TempDir
    static Path work;

    private static Path checkout;
    private static Process launcher;
    private static String balancer;

    @BeforeAll
    static void startTheSystemAsTheReadmeDoes() throws IOException {
        Matcher launch = LAUNCH.matcher(readme());
        assertThat(launch.find())
                .as("the README starts the system with java -jar")
                .isTrue();
        Path jar = REPOSITORY.resolve(launch.group(1));
        assertThat(jar)
                .as("the jar the README runs (built by local-cluster's package phase)")
                .exists();

        checkout = work.resolve("checkout");
        Files.createDirectories(checkout);
        try (Stream<Path> entries = Files.list(REPOSITORY)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!LEFT_OUT.contains(name)) {
                    Files.createSymbolicLink(checkout.resolve(name), entry.toAbsolutePath());
                }
            }
        }
        Path console = work.resolve("console.txt");
        launcher = new ProcessBuilder(
                        java(),
                        "-Xmx512m",
                        "-jar",
                        jar.toAbsolutePath().toString(),
                        "--postgres-port",
                        "0",
                        "--balancer-port",
                        "0",
                        "--file-ports",
                        "0,0")
                .directory(checkout.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String text = Files.readString(console, StandardCharsets.UTF_8);
                    if (!launcher.isAlive()) {
                        throw new AssertionError("the launcher exited:\n" + text);
                    }
                    return text.contains("Press Ctrl-C to stop.");
                });
        Matcher address = BALANCER.matcher(Files.readString(console));
        assertThat(address.find()).as("the balancer's address in the summary").isTrue();
        balancer = address.group(1);
    }

    @AfterAll
    static void stopTheSystem() throws InterruptedException, IOException {
        if (launcher != null) {
            launcher.destroy();
            if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
                launcher.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (checkout != null) {
            try (Stream<Path> entries = Files.list(checkout)) {
                for (Path entry : entries.filter(Files::isSymbolicLink).toList()) {
                    Files.delete(entry); // the links, never what they point to
                }
            }
        }
    }

    @Test
    void everyShellBlockOfTheReadmeSaysWhetherItRuns() throws IOException {
        List<Block> blocks = RunnableBlocks.shellBlocks(readme());

        assertThat(blocks)
                .as("a bash or sh block of the README without <!-- runnable --> or <!-- not runnable: why -->")
                .noneMatch(block -> block.marker() == Marker.NONE);
        assertThat(blocks.stream().filter(block -> block.marker() == Marker.RUNNABLE))
                .as("the curl walk-through and the CLI section at least")
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void theReadmesCommandsRunAsWritten() throws Exception {
        Run run = run(readme());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("\"username\":\"alice\"").contains("\"name\":\"README.md\"");
    }

    /** The proof that the test can fail: the README with one command broken fails, naming that command's line. */
    @Test
    void aBrokenCommandFailsTheRunAndNamesItsLine() throws Exception {
        List<String> lines = readme().lines().toList();
        int broken = -1;
        for (int i = 0; i < lines.size() && broken < 0; i++) {
            if (lines.get(i).contains("/api/v1/assignments)")) {
                broken = i;
            }
        }
        assertThat(broken).as("the README asks the balancer for an assignment").isNotNegative();
        String[] changed = lines.toArray(String[]::new);
        changed[broken] = changed[broken].replace("/api/v1/assignments", "/api/v1/assignmens");

        Run run = run(String.join("\n", changed) + "\n");

        assertThat(run.exit()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("FAILED: README.md line " + (broken + 1) + ",");
    }

    private static Run run(String markdown) throws IOException, InterruptedException {
        int number = RUNS.incrementAndGet();
        Path home = work.resolve("home-" + number);
        Files.createDirectories(home);
        // as careful scripts call curl: an HTTP error answer is a failed command, and says why
        Files.writeString(home.resolve(".curlrc"), "fail-with-body\nshow-error\n");
        Path script = work.resolve("readme-" + number + ".sh");
        Files.writeString(script, RunnableBlocks.script(README, markdown, DOCUMENTED_BALANCER, balancer));
        Path output = work.resolve("readme-" + number + ".out");

        ProcessBuilder bash = new ProcessBuilder("bash", script.toString())
                .directory(checkout.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> environment = bash.environment();
        environment.clear();
        String javaHome = System.getProperty("java.home");
        environment.put("PATH", javaHome + "/bin:/usr/local/bin:/usr/bin:/bin");
        environment.put("JAVA_HOME", javaHome);
        environment.put("HOME", home.toString());
        environment.put("LANG", "C.UTF-8");
        environment.put("FILESYS_PASSWORD", PASSWORD);
        Process process = bash.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("the README's commands did not finish in 5 minutes:\n" + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output));
    }

    private static String readme() throws IOException {
        return Files.readString(REPOSITORY.resolve(README));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** How the commands ended, and everything they printed. */
    private record Run(int exit, String output) {}
}
