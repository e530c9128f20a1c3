package dev.filesys.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system as the README starts it — the packaged launcher in its own JVM, embedded PostgreSQL, the balancer and two
 * file-services — driven by the README's curl walk-through script, then stopped the way a person stops it (SIGTERM, as
 * Ctrl-C sends SIGINT to the same shutdown path). On the way it checks what the launcher promises a person at the
 * terminal (a short console, the full log in a file, line by line per service) and what it promises the machine
 * (nothing reachable from elsewhere, no password-less database, the cluster token in a private file).
 */
class LauncherWalkthroughTest {

    private static final Path REPOSITORY = Path.of(System.getProperty("filesys.repository", ".."));
    private static final Path LAUNCHER = Path.of(System.getProperty("filesys.launcher.jar", "missing.jar"));
    /** A line of the launcher's log file: time, level, service, … */
    private static final Pattern LOG_LINE = Pattern.compile("^\\S+ (TRACE|DEBUG|INFO|WARN|ERROR) +(\\S+) ");

    @TempDir
    Path work;

    private Process launcher;

    @AfterEach
    void stopLauncher() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theCurlWalkthroughRunsAgainstTheLaunchedSystem() throws Exception {
        List<Integer> ports = freePorts(4);
        Path console = work.resolve("console.txt");
        Path data = work.resolve("data");
        // each option followed by its value, as most command-line tools take them
        launcher = launch(
                console,
                "--data-dir",
                data.toString(),
                "--postgres-port",
                ports.get(0).toString(),
                "--balancer-port",
                ports.get(1).toString(),
                "--file-ports",
                ports.get(2) + "," + ports.get(3));
        awaitRunning(console);

        Path scriptLog = work.resolve("walkthrough.log");
        Process script = new ProcessBuilder(
                        "bash",
                        REPOSITORY.resolve("scripts/curl-walkthrough.sh").toString(),
                        "http://127.0.0.1:" + ports.get(1))
                .redirectErrorStream(true)
                .redirectOutput(scriptLog.toFile())
                .start();
        assertThat(script.waitFor(180, TimeUnit.SECONDS))
                .as("walk-through finishes")
                .isTrue();
        String output = Files.readString(scriptLog);
        assertThat(script.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("identical: ")
                .contains("\"code\":\"NOT_OWNER\"")
                .contains("\"code\":\"FILE_NOT_FOUND\"")
                .endsWith("walk-through complete\n");

        theConsoleIsShort(Files.readString(console));
        theLogFileNamesEachService(data.resolve("logs/filesys.log"));
        theClusterTokenIsInAPrivateFileOnly(data.resolve("cluster-token"), Files.readString(console));
        postgresTakesOnlyItsPassword(ports.get(0), data.resolve("postgres-password"));
        everythingListensOnLoopbackOnly(ports);

        launcher.destroy();
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS))
                .as("the launcher stops on SIGTERM")
                .isTrue();
        assertThat(Files.readString(console)).endsWith("filesys: stopped\n");
        assertThat(Files.readString(data.resolve("logs/filesys.log"))).contains("Graceful shutdown complete");
        for (int port : ports) {
            assertThat(isFree(port)).as("port %d released", port).isTrue();
        }
    }

    @Test
    void aTakenPortIsRefusedClearly() throws Exception {
        List<Integer> ports = freePorts(4);
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.getFirst()));
            Path console = work.resolve("console.txt");
            // each option joined to its value with '='
            launcher = launch(
                    console,
                    "--data-dir=" + work.resolve("data"),
                    "--postgres-port=" + ports.get(0),
                    "--balancer-port=" + ports.get(1),
                    "--file-ports=" + ports.get(2) + "," + ports.get(3));
            assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(launcher.exitValue()).isEqualTo(1);
            assertThat(Files.readString(console))
                    .contains("port " + ports.getFirst() + " is already in use")
                    .doesNotContain("Exception");
        }
    }

    /** The summary and, while all is well, nothing else: no INFO line of any service reaches the console. */
    private static void theConsoleIsShort(String console) {
        List<String> lines = console.lines().toList();
        List<String> warnings = lines.stream()
                .filter(line -> line.matches("^\\S+ (WARN|ERROR) .*"))
                .toList();
        assertThat(lines).as(console).noneMatch(line -> line.matches(".*\\b(INFO|DEBUG)\\b.*"));
        assertThat(lines.size() - warnings.size())
                .as("the start line and the summary\n%s", console)
                .isLessThanOrEqualTo(14);
        assertThat(warnings).as("warnings on a normal start").hasSizeLessThanOrEqualTo(3);
        assertThat(console)
                .contains("filesys is running")
                .contains("logs/filesys.log")
                .contains("Press Ctrl-C to stop.");
    }

    private static void theLogFileNamesEachService(Path logFile) throws IOException {
        assertThat(logFile).exists();
        Set<String> services = new TreeSet<>();
        for (String line : Files.readAllLines(logFile)) {
            Matcher matcher = LOG_LINE.matcher(line);
            if (matcher.find()) {
                services.add(matcher.group(2));
            }
        }
        assertThat(services).contains("balancer", "file-1", "file-2", "postgres");
        assertThat(Files.readString(logFile))
                .as("each file-service's requests are its own")
                .containsPattern("INFO +file-[12] .* : POST /api/v1/sessions ")
                .containsPattern("INFO +balancer .* : POST /api/v1/assignments ");
    }

    private static void theClusterTokenIsInAPrivateFileOnly(Path tokenFile, String console) throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
                .isEqualTo("rw-------");
        String token = Files.readString(tokenFile).strip();
        assertThat(token).hasSizeGreaterThanOrEqualTo(32);
        assertThat(console).doesNotContain(token).contains(tokenFile.toString());
    }

    private static void postgresTakesOnlyItsPassword(int port, Path passwordFile) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/filesys";
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", ""))
                .as("no password")
                .isInstanceOf(SQLException.class);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                .isEqualTo("rw-------");
        try (Connection connection = DriverManager.getConnection(url, "postgres", Files.readString(passwordFile));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_setting('listen_addresses'),"
                        + " (SELECT string_agg(DISTINCT auth_method, ',') FROM pg_hba_file_rules)")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("127.0.0.1");
            assertThat(rows.getString(2)).isEqualTo("scram-sha-256");
        }
    }

    /**
     * Every socket listening on the system's ports is bound to a loopback address, as the kernel reports it. (Trying
     * to connect to one of this machine's other addresses would test the same, but that is traffic this test has no
     * business sending beyond loopback.)
     */
    private static void everythingListensOnLoopbackOnly(List<Integer> ports) throws IOException {
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> rows = Files.readAllLines(file);
            for (String line : rows.subList(1, rows.size())) {
                String[] fields = line.strip().split("\\s+");
                String[] local = fields[1].split(":");
                int port = Integer.parseInt(local[1], 16);
                if (fields[3].equals("0A") && ports.contains(port)) { // 0A: LISTEN
                    InetAddress address = InetAddress.getByAddress(kernelOrder(local[0]));
                    listening.add(port + " " + address.getHostAddress() + " " + address.isLoopbackAddress());
                }
            }
        }
        assertThat(listening)
                .as("listening sockets (port, address, loopback?)")
                .hasSizeGreaterThanOrEqualTo(ports.size())
                .allMatch(socket -> socket.endsWith(" true"));
    }

    /** /proc/net/tcp* print an address as 32-bit words in the machine's (little-endian) order. */
    private static byte[] kernelOrder(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        for (int word = 0; word < bytes.length; word += 4) {
            for (int i = 0; i < 2; i++) {
                byte swap = bytes[word + i];
                bytes[word + i] = bytes[word + 3 - i];
                bytes[word + 3 - i] = swap;
            }
        }
        return bytes;
    }

    private Process launch(Path console, String... options) throws IOException {
        assertThat(LAUNCHER)
                .as("the launcher jar (built by local-cluster's package phase)")
                .exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                LAUNCHER.toString()));
        command.addAll(List.of(options));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
    }

    private void awaitRunning(Path console) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String text = Files.readString(console, StandardCharsets.UTF_8);
                    if (!launcher.isAlive()) {
                        throw new AssertionError("the launcher exited:\n" + text);
                    }
                    return text.contains("Press Ctrl-C to stop.");
                });
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
