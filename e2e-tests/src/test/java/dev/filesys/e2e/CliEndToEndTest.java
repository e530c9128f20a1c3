package dev.filesys.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.e2e.CliRunner.Result;
import dev.filesys.local.LaunchedSystem;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI, in one-shot mode, against the whole system (embedded PostgreSQL, the balancer, two file-services on
 * random ports): what two people sharing a file do, and how it tells them what went wrong.
 */
class CliEndToEndTest {

    @TempDir
    static Path work;

    @RegisterExtension
    static final LaunchedSystem system = new LaunchedSystem();

    private static CliRunner user(String name) {
        return new CliRunner(work, system.cluster().balancerUrl(), work.resolve(name + ".state.json"))
                .with("FILESYS_PASSWORD", name + "-secret-password");
    }

    @Test
    void aliceSharesA50MiBFileWithBob() throws Exception {
        CliRunner alice = user("alice");
        CliRunner bob = user("bob");
        assertSucceeds(alice.run("register", "alice"));
        assertSucceeds(bob.run("register", "bob"));

        Path report = work.resolve("report.bin");
        String sha256 = CliRunner.writeRandomFile(report, 50L * 1024 * 1024, 42);
        Result uploaded = assertSucceeds(alice.run("--json", "upload", report.toString()));
        assertThat(uploaded.out()).contains("\"sha256\":\"" + sha256 + "\"");
        assertSucceeds(alice.run("share", "report.bin", "bob"));

        Result shared = assertSucceeds(bob.run("--json", "ls", "--shared"));
        assertThat(shared.out()).contains("\"name\":\"report.bin\"").contains("\"owner\":\"alice\"");

        Path bobs = Files.createDirectories(work.resolve("bob-downloads"));
        assertSucceeds(bob.run("download", "report.bin", "--to", bobs.toString()));
        assertThat(CliRunner.sha256Of(bobs.resolve("report.bin"))).isEqualTo(sha256);

        Result refused = bob.run("rm", "report.bin");
        assertFailsClearly(refused, 3, "NOT_OWNER");

        assertSucceeds(alice.run("unshare", "report.bin", "bob"));
        Result gone = bob.run(
                "download", "report.bin", "--to", bobs.resolve("again.bin").toString());
        assertFailsClearly(gone, 4, null);
        assertThat(bobs.resolve("again.bin")).doesNotExist();

        assertSucceeds(alice.run("rm", "report.bin"));
        assertThat(assertSucceeds(alice.run("ls")).out()).doesNotContain("report.bin");
    }

    @Test
    void bobFollowsWhatAliceDoesWithHisShares() throws Exception {
        CliRunner gina = user("gina");
        CliRunner hank = user("hank");
        assertSucceeds(gina.run("register", "gina"));
        assertSucceeds(hank.run("register", "hank"));
        Path notes = work.resolve("notes.txt");
        Files.writeString(notes, "for hank");
        assertSucceeds(gina.run("upload", notes.toString()));

        // from event 0: what happened before the stream opened is replayed, the rest arrives live
        CompletableFuture<Result> following =
                CompletableFuture.supplyAsync(() -> hank.run("events", "--from", "0", "--count", "3"));
        assertSucceeds(gina.run("share", "notes.txt", "hank"));
        assertSucceeds(gina.run("unshare", "notes.txt", "hank"));
        assertSucceeds(gina.run("share", "notes.txt", "hank"));

        Result events = assertSucceeds(following.get(2, TimeUnit.MINUTES));
        assertThat(events.out().lines().toList())
                .hasSize(3)
                .satisfiesExactly(
                        line -> assertThat(line).endsWith("file_shared: gina shared notes.txt with you"),
                        line -> assertThat(line).endsWith("file_unshared: gina stopped sharing notes.txt with you"),
                        line -> assertThat(line).endsWith("file_shared: gina shared notes.txt with you"));
    }

    @Test
    void badInputIsOneClearLineAndANonZeroExit() throws Exception {
        CliRunner dave = user("dave");
        assertSucceeds(dave.run("register", "dave"));

        assertFailsClearly(dave.run("upload", work.resolve("no-such-file.pdf").toString()), 4, null);
        assertFailsClearly(dave.run("frobnicate"), 2, null);
        assertFailsClearly(
                dave.with("FILESYS_PASSWORD", "not-daves-password").run("login", "dave"), 3, "INVALID_CREDENTIALS");

        Path small = work.resolve("small.txt");
        Files.writeString(small, "hello");
        CliRunner erin = user("erin");
        assertSucceeds(erin.run("register", "erin"));
        assertSucceeds(erin.run("upload", small.toString()));
        assertFailsClearly(erin.run("upload", small.toString()), 6, "NAME_TAKEN");
        assertFailsClearly(erin.run("share", "small.txt", "nobody-by-that-name"), 4, "USER_NOT_FOUND");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CliRunner lost = new CliRunner(work, "http://127.0.0.1:" + closedPort, work.resolve("lost.state.json"))
                .with("FILESYS_PASSWORD", "whatever-password");
        assertFailsClearly(lost.run("register", "frank"), 5, null);
    }

    private static Result assertSucceeds(Result result) {
        assertThat(result.exit()).as("exit code; stderr: %s", result.err()).isZero();
        return result;
    }

    /** Non-zero exit, one line on standard error naming the problem, and nothing that looks like a stack trace. */
    private static void assertFailsClearly(Result result, int exitCode, String code) {
        assertThat(result.exit()).as("exit code; stderr: %s", result.err()).isEqualTo(exitCode);
        String err = result.err().strip();
        assertThat(err)
                .isNotEmpty()
                .doesNotContain("\n")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        if (code != null) {
            assertThat(err).contains(code);
        }
    }
}
