package dev.filesys.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.e2e.CliRunner.Result;
import dev.filesys.local.LaunchedSystem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real CLI, in one-shot mode, against the whole system (PostgreSQL, the balancer, two file-services): folders made,
 * listed, moved and deleted by path; directory trees uploaded and downloaded, and run again after a cut; an overwrite
 * refused when the file changed since it was read; folders shared and linked.
 */
class CliFoldersEndToEndTest {

    @TempDir
    static Path work;

    @RegisterExtension
    static final LaunchedSystem system = new LaunchedSystem();

    private static CliRunner user(String name, String device) {
        return new CliRunner(work, system.cluster().balancerUrl(), work.resolve(name + "-" + device + ".state.json"))
                .with("FILESYS_PASSWORD", name + "-secret-password");
    }

    private static CliRunner registered(String name) {
        CliRunner runner = user(name, "laptop");
        assertSucceeds(runner.run("register", name));
        return runner;
    }

    @Test
    void foldersAreMadeListedMovedAndRenamedByPath() throws Exception {
        CliRunner ada = registered("ada");
        Path notes = Files.writeString(work.resolve("notes.txt"), "first notes");

        assertThat(assertSucceeds(ada.run("mkdir", "-p", "/reports/2026/q3")).out())
                .isEqualTo("made folder /reports\nmade folder /reports/2026\nmade folder /reports/2026/q3\n");
        assertThat(assertSucceeds(ada.run("mkdir", "-p", "reports/2026")).out())
                .isEqualTo("nothing to make: the folders exist\n");
        assertFailsClearly(ada.run("mkdir", "/reports"), 6, "NAME_TAKEN");
        assertFailsClearly(ada.run("mkdir", "/nowhere/deeper"), 4, "FOLDER_NOT_FOUND");
        assertFailsClearly(ada.run("mkdir", "/reports/../x"), 2, "INVALID_PATH");
        assertSucceeds(ada.run("upload", notes.toString(), "--to", "/reports/2026/"));

        assertThat(assertSucceeds(ada.run("ls", "/reports/2026")).out()).isEqualTo("q3/\nnotes.txt\n");
        assertThat(assertSucceeds(ada.run("ls", "-R")).out())
                .isEqualTo("/reports/\n/reports/2026/\n/reports/2026/q3/\n/reports/2026/notes.txt\n");
        String sha256 = CliRunner.sha256Of(notes);
        String longLine =
                assertSucceeds(ada.run("ls", "-l", "/reports/2026/notes.txt")).out();
        assertThat(longLine)
                .startsWith("-")
                .contains("11 B")
                .contains(sha256.substring(0, 12))
                .containsPattern(" \"\\d+\"  ")
                .endsWith(" notes.txt\n");
        assertThat(assertSucceeds(ada.run("ls", "-l", "/reports")).out()).startsWith("d");
        JsonNode listed = JsonMapper.shared()
                .readTree(assertSucceeds(ada.run("--json", "ls", "-R", "/reports"))
                        .out());
        assertThat(listed.size()).isEqualTo(3);
        assertThat(listed.get(2).get("path").asString()).isEqualTo("/reports/2026/notes.txt");
        assertThat(listed.get(2).get("sha256").asString()).isEqualTo(sha256);
        // the flat listing of every file still works as before
        assertThat(assertSucceeds(ada.run("ls")).out()).contains("notes.txt");

        assertThat(assertSucceeds(ada.run("mv", "/reports/2026/notes.txt", "/reports/"))
                        .out())
                .isEqualTo("moved /reports/2026/notes.txt to /reports/notes.txt\n");
        assertThat(assertSucceeds(ada.run("mv", "/reports/notes.txt", "/reports/2026/q3/summary.txt"))
                        .out())
                .isEqualTo("moved /reports/notes.txt to /reports/2026/q3/summary.txt\n");
        assertThat(assertSucceeds(ada.run("mv", "/reports/2026", "/archive")).out())
                .isEqualTo("moved /reports/2026 to /archive\n");
        assertThat(assertSucceeds(ada.run("ls", "-R", "/archive")).out())
                .isEqualTo("/archive/q3/\n/archive/q3/summary.txt\n");
        Result intoItself = ada.run("mv", "/archive", "/archive/q3/");
        assertFailsClearly(intoItself, 2, "MOVE_INTO_OWN_SUBTREE");
        assertThat(intoItself.err()).contains("cannot move the folder /archive into itself or a folder below it");
        assertFailsClearly(ada.run("mv", "/nothing-here", "/archive/"), 4, "FILE_NOT_FOUND");

        Result folderInfo = assertSucceeds(ada.run("info", "/archive"));
        assertThat(folderInfo.out()).startsWith("folder:   /archive\n").contains("etag:     \"");
        assertThat(assertSucceeds(ada.run("info", "/archive/q3/summary.txt")).out())
                .contains("path:     /archive/q3/summary.txt")
                .contains("sha256:   " + sha256);
    }

    @Test
    void aDirectoryTreeGoesUpAndComesBackAndARunCutShortIsRunAgain() throws Exception {
        CliRunner bea = registered("bea");
        Path photos = Files.createDirectories(work.resolve("photos"));
        Files.createDirectories(photos.resolve("2025/summer"));
        Files.createDirectories(photos.resolve("empty"));
        String beach = CliRunner.writeRandomFile(photos.resolve("2025/summer/beach.jpg"), 300_000, 1);
        String hills = CliRunner.writeRandomFile(photos.resolve("2025/hills.jpg"), 200_000, 2);
        Files.writeString(photos.resolve("index.txt"), "my photos");
        // a name the server refuses (a control character): a run stops there, after what came before it
        Path refused = Files.writeString(photos.resolve("2025/summer/z\tz.txt"), "not a picture");
        Path state = work.resolve("bea-laptop.state.json");

        // the first run is interrupted (Ctrl-C) as soon as it begins to send beach.jpg, in 64 KiB chunks
        Thread running = Thread.currentThread();
        ByteArrayOutputStream progress = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                super.write(bytes, offset, length);
                if (toString(StandardCharsets.UTF_8).contains("upload /backup/photos/2025/summer/beach.jpg")) {
                    running.interrupt();
                }
            }
        };
        Result interrupted;
        try {
            interrupted = bea.with("FILESYS_PROGRESS", "plain")
                    .with("FILESYS_CHUNK_SIZE", "64k")
                    .run(progress, "upload", "-r", photos.toString(), "--to", "/backup/photos");
        } finally {
            Thread.interrupted();
            bea.with("FILESYS_PROGRESS", "none").with("FILESYS_CHUNK_SIZE", "8m");
        }
        assertThat(interrupted.exit()).as(interrupted.err()).isEqualTo(130);
        assertThat(interrupted.out())
                .contains("uploaded /backup/photos/index.txt (9 bytes")
                .contains("uploaded /backup/photos/2025/hills.jpg (200000 bytes, sha256 " + hills + ") (2/4, ")
                .doesNotContain("beach.jpg");
        assertThat(JsonMapper.shared().readTree(state.toFile()).get("uploads").size())
                .as("the cut upload is kept to be continued")
                .isEqualTo(1);

        // run again: what is stored is skipped, beach.jpg's upload continues, and the refused name stops the run
        Result cut = bea.run("upload", "-r", photos.toString(), "--to", "/backup/photos");
        assertThat(cut.exit()).as(cut.err()).isEqualTo(2);
        assertThat(cut.err()).contains("INVALID_NAME");
        assertThat(cut.out())
                .contains("unchanged /backup/photos/index.txt (1/4, 9 B of 488.3 KiB)")
                .contains("unchanged /backup/photos/2025/hills.jpg (2/4,")
                .contains("uploaded /backup/photos/2025/summer/beach.jpg (300000 bytes, sha256 " + beach + ") (3/4,")
                .doesNotContain("empty");
        assertThat(JsonMapper.shared().readTree(state.toFile()).get("uploads").size())
                .isZero();
        Files.move(refused, photos.resolve("2025/summer/zz.txt"));

        Result again = assertSucceeds(bea.run("upload", "-r", photos.toString(), "--to", "/backup/photos"));
        assertThat(again.out())
                .contains("unchanged /backup/photos/index.txt (1/4, 9 B of 488.3 KiB)")
                .contains("unchanged /backup/photos/2025/hills.jpg (2/4,")
                .contains("unchanged /backup/photos/2025/summer/beach.jpg (3/4,")
                .contains("uploaded /backup/photos/2025/summer/zz.txt (13 bytes")
                .contains("made folder /backup/photos/empty")
                .endsWith("uploaded 1 of 4 files (3 unchanged), 500022 bytes (488.3 KiB) in /backup/photos\n");
        assertThat(assertSucceeds(bea.run("ls", "-R", "/backup")).out().lines().toList())
                .containsExactly(
                        "/backup/photos/",
                        "/backup/photos/2025/",
                        "/backup/photos/empty/",
                        "/backup/photos/index.txt",
                        "/backup/photos/2025/summer/",
                        "/backup/photos/2025/hills.jpg",
                        "/backup/photos/2025/summer/beach.jpg",
                        "/backup/photos/2025/summer/zz.txt");

        Path restored = work.resolve("restored");
        // a download cut short left the first half of beach.jpg in its .part file
        Path summer = Files.createDirectories(restored.resolve("2025/summer"));
        byte[] beachBytes = Files.readAllBytes(photos.resolve("2025/summer/beach.jpg"));
        Files.write(
                summer.resolve("beach.jpg." + beach.substring(0, 12) + ".part"), Arrays.copyOf(beachBytes, 150_000));
        Result down = assertSucceeds(bea.run("download", "-r", "/backup/photos", "--to", restored.toString()));
        assertThat(down.out())
                .contains("downloaded /2025/summer/beach.jpg to "
                        + summer.resolve("beach.jpg").toAbsolutePath()
                        + " (300000 bytes, sha256 verified, resumed at byte 150000)")
                .endsWith("downloaded 4 of 4 files (0 unchanged), 500022 bytes (488.3 KiB) to "
                        + restored.toAbsolutePath() + "\n");
        assertThat(CliRunner.sha256Of(summer.resolve("beach.jpg"))).isEqualTo(beach);
        assertThat(CliRunner.sha256Of(restored.resolve("2025/hills.jpg"))).isEqualTo(hills);
        assertThat(Files.readString(restored.resolve("index.txt"))).isEqualTo("my photos");
        assertThat(restored.resolve("empty")).isEmptyDirectory();
        try (var parts = Files.walk(restored)) {
            assertThat(parts.filter(p -> p.toString().endsWith(".part")).toList())
                    .isEmpty();
        }

        Files.delete(restored.resolve("index.txt"));
        Result rerun =
                assertSucceeds(bea.run("--json", "download", "-r", "/backup/photos", "--to", restored.toString()));
        JsonNode summary = JsonMapper.shared().readTree(rerun.out());
        assertThat(summary.get("downloaded").asInt()).isEqualTo(1);
        assertThat(summary.get("unchanged").asInt()).isEqualTo(3);
        assertThat(Files.readString(restored.resolve("index.txt"))).isEqualTo("my photos");

        Files.writeString(restored.resolve("index.txt"), "changed here");
        assertFailsClearly(
                bea.run("download", "-r", "/backup/photos", "--to", restored.toString()), 1, "LOCAL_FILE_ERROR");
        assertThat(Files.readString(restored.resolve("index.txt"))).isEqualTo("changed here");
    }

    @Test
    void anOverwriteOfAFileChangedSinceItWasReadIsRefused() throws Exception {
        CliRunner cleo = registered("cleo");
        CliRunner cleosPhone = user("cleo", "phone");
        assertSucceeds(cleosPhone.run("login", "cleo"));
        Path plan = Files.writeString(work.resolve("plan.txt"), "plan A");
        assertSucceeds(cleo.run("upload", plan.toString(), "--to", "/work/"));

        // while the laptop's upload reads its standard input (after it read the file's version), the phone replaces it
        AtomicReference<Result> phone = new AtomicReference<>();
        InputStream slowInput = new SequenceInputStream(
                new ByteArrayInputStream("plan B from the laptop".getBytes(StandardCharsets.UTF_8)), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        if (phone.get() == null) {
                            Path fromPhone = Files.writeString(work.resolve("plan-phone.txt"), "plan C from the phone");
                            phone.set(cleosPhone.run("upload", fromPhone.toString(), "--to", "/work/plan.txt", "-f"));
                        }
                        return -1;
                    }
                });
        Result laptop = cleo.runWithInput(slowInput, "upload", "-", "--name", "plan.txt", "--to", "/work/", "-f");

        assertSucceeds(phone.get());
        assertFailsClearly(laptop, 6, "PRECONDITION_FAILED");
        assertThat(laptop.err())
                .contains("/work/plan.txt changed on the server since it was read; nothing was replaced");
        Path check = work.resolve("plan-check.txt");
        assertSucceeds(cleo.run("download", "/work/plan.txt", "--to", check.toString()));
        assertThat(Files.readString(check)).isEqualTo("plan C from the phone");

        // read again, the overwrite goes through, and the phone's content is kept as a version
        Path planD = Files.writeString(work.resolve("plan-d.txt"), "plan D");
        assertThat(assertSucceeds(cleo.run("upload", planD.toString(), "--to", "/work/plan.txt", "-f"))
                        .out())
                .startsWith("uploaded plan.txt (6 bytes");
        assertThat(assertSucceeds(cleo.run("versions", "/work/plan.txt")).out().lines())
                .hasSize(2);
        assertFailsClearly(cleo.run("upload", planD.toString(), "--to", "/work/plan.txt"), 6, "NAME_TAKEN");
    }

    @Test
    void aFolderIsDeletedWithMinusRAndSharedAndLinkedByPath() throws Exception {
        CliRunner dora = registered("dora");
        CliRunner emil = registered("emil");
        Path memo = Files.writeString(work.resolve("memo.txt"), "team memo");
        assertSucceeds(dora.run("upload", memo.toString(), "--to", "/team/docs/"));
        assertSucceeds(dora.run("mkdir", "/empty"));

        Result notEmpty = dora.run("rm", "/team");
        assertFailsClearly(notEmpty, 2, "FOLDER_NOT_EMPTY");
        assertThat(notEmpty.err()).contains("rm -r");
        assertThat(assertSucceeds(dora.run("rm", "empty")).out()).isEqualTo("deleted the folder /empty\n");

        Result shared = assertSucceeds(dora.run("share", "/team", "emil", "--expires", "7d"));
        assertThat(shared.out()).startsWith("shared the folder /team with emil (read, until ");
        String teamId = JsonMapper.shared()
                .readTree(assertSucceeds(dora.run("--json", "info", "/team")).out())
                .get("folderId")
                .asString();
        assertThat(assertSucceeds(dora.run("info", "team")).out()).contains("shared with:\n  emil (read");

        assertThat(assertSucceeds(emil.run("ls", "-l", "--shared")).out())
                .startsWith("d ")
                .contains("  dora  ")
                .endsWith(" team/\n");
        Path emils = work.resolve("emils-team");
        assertThat(assertSucceeds(emil.run("download", "-r", teamId, "--to", emils.toString()))
                        .out())
                .contains("downloaded /docs/memo.txt");
        assertThat(Files.readString(emils.resolve("docs/memo.txt"))).isEqualTo("team memo");
        assertFailsClearly(emil.run("rm", "-r", teamId), 3, "NOT_OWNER");

        Result link = assertSucceeds(dora.run("link", "create", "/team", "--max-downloads", "3"));
        assertThat(link.out().lines().toList().get(1))
                .contains(" to the folder /team, until ")
                .endsWith(", 3 downloads");
        assertThat(assertSucceeds(dora.run("link", "ls")).out()).contains("folder " + teamId);

        assertSucceeds(dora.run("unshare", "/team", "emil"));
        assertFailsClearly(
                emil.run(
                        "download",
                        "-r",
                        teamId,
                        "--to",
                        work.resolve("too-late").toString()),
                4,
                null);

        assertThat(assertSucceeds(dora.run("rm", "-r", "/team")).out()).isEqualTo("deleted the folder /team\n");
        assertThat(assertSucceeds(dora.run("ls", "-R")).out()).isEqualTo("nothing here\n");
        assertThat(assertSucceeds(dora.run("trash")).out()).contains("folder").contains("/team");
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
