package dev.filesys.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.e2e.CliRunner.Result;
import dev.filesys.local.LaunchedSystem;
import dev.filesys.local.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail-over as a user lives it: the file-service an upload is going to is stopped in the middle of the upload; the CLI
 * gets a new assignment, resumes the session on the other file-service and the upload at that server's offset, and the
 * stored file is byte-identical.
 */
class CliFailoverTest {

    private static final Pattern SERVER_ID = Pattern.compile("\"serverId\"\\s*:\\s*\"([^\"]+)\"");

    @TempDir
    Path work;

    private LocalCluster cluster;

    @AfterEach
    void stopSystem() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anUploadSurvivesItsServerStopping() throws Exception {
        cluster = LaunchedSystem.start(work.resolve("data"));
        Path state = work.resolve("carol.state.json");
        CliRunner carol = new CliRunner(work, cluster.balancerUrl(), state)
                .with("FILESYS_PASSWORD", "carol-secret-password")
                .with("FILESYS_PROGRESS", "plain")
                .with("FILESYS_CHUNK_SIZE", "1m");
        assertThat(carol.run("register", "carol").exit()).isZero();
        String firstServer = serverIn(state);

        Path big = work.resolve("big.bin");
        String sha256 = CliRunner.writeRandomFile(big, 128L * 1024 * 1024, 7);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        CompletableFuture<Result> upload =
                CompletableFuture.supplyAsync(() -> carol.run(progress, "--json", "upload", big.toString()));

        // the upload exists on the server once the CLI prints its first progress line; stop that server now
        await().atMost(Duration.ofMinutes(1))
                .until(() -> progress.toString(StandardCharsets.UTF_8).contains("upload big.bin "));
        cluster.stopFileService(firstServer);

        Result result = upload.get(5, TimeUnit.MINUTES);
        assertThat(result.exit()).as("stderr: %s", result.err()).isZero();
        // gone, or (when a request arrives as the server shuts down) refusing with 503 SERVER_DRAINING
        assertThat(result.err())
                .containsPattern("is not (answering|taking requests) .*; continuing on file-\\d .*, session resumed");
        assertThat(result.out()).contains("\"sha256\":\"" + sha256 + "\"");
        assertThat(serverIn(state)).isNotEqualTo(firstServer);

        Path copy = work.resolve("copy.bin");
        Result download = carol.run("download", "big.bin", "--to", copy.toString());
        assertThat(download.exit()).as("stderr: %s", download.err()).isZero();
        assertThat(CliRunner.sha256Of(copy)).isEqualTo(sha256);
    }

    private static String serverIn(Path state) throws Exception {
        Matcher matcher = SERVER_ID.matcher(Files.readString(state));
        assertThat(matcher.find()).as("the state file names the server").isTrue();
        return matcher.group(1);
    }
}
