package dev.filesys.cli.commands;

import dev.filesys.cli.client.Digests;
import dev.filesys.cli.client.Downloaded;
import dev.filesys.cli.client.ItemView;
import dev.filesys.cli.client.LocalFileProblem;
import dev.filesys.cli.commands.FilesysCommands.DownloadResult;
import dev.filesys.cli.progress.ByteUnits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code download -r}: a remote folder mirrored into a local directory, walked page by page. Each file is downloaded
 * as a single download is (into a {@code .part} file, continued with {@code Range} after an interruption, its SHA-256
 * verified before it is moved into place); a local file that already has the remote one's SHA-256 is skipped, so a run
 * that was cut short is simply run again.
 */
final class TreeDownload {

    private final FilesysCommands commands;
    private final ItemView folder;
    private final Path directory;
    private final boolean overwrite;

    TreeDownload(FilesysCommands commands, ItemView folder, Path directory, boolean overwrite) {
        this.commands = commands;
        this.folder = folder;
        this.directory = directory.toAbsolutePath().normalize();
        this.overwrite = overwrite;
    }

    void run() {
        makeDirectory(directory);
        List<Object> files = new ArrayList<>();
        long[] counts = new long[3]; // files, unchanged, bytes
        new RemoteTree(commands.client()).walk(folder, "", visit -> {
            ItemView item = visit.item();
            Path local = directory.resolve(visit.path().substring(1)).normalize();
            if (!local.startsWith(directory) || local.equals(directory)) {
                throw new LocalFileProblem(
                        "the remote name " + Shown.text(visit.path()) + " does not fit below " + directory, false);
            }
            if (item.isFolder()) {
                makeDirectory(local);
                return;
            }
            counts[0]++;
            counts[2] += item.bytes();
            String progress = " (file " + counts[0] + ", " + ByteUnits.size(counts[2]) + " so far)";
            if (sameContent(local, item)) {
                counts[1]++;
                files.add(Map.of("path", local.toString(), "unchanged", true));
                commands.printProgress("unchanged " + local + progress);
                return;
            }
            Downloaded downloaded =
                    commands.downloadOne(item.asFile(), local, overwrite, Shown.text(visit.path()) + progress);
            files.add(DownloadResult.of(downloaded, downloaded.path().toString()));
            commands.printProgress(
                    FilesysCommands.downloadedLine(Shown.text(visit.path()), local, downloaded) + progress);
        });
        commands.print(
                new Summary(
                        FilesysCommands.shown(folder),
                        directory.toString(),
                        files,
                        counts[0] - counts[1],
                        counts[1],
                        counts[2]),
                "downloaded " + (counts[0] - counts[1]) + " of " + counts[0] + " files (" + counts[1] + " unchanged), "
                        + counts[2] + " bytes (" + ByteUnits.size(counts[2]) + ") to " + directory);
    }

    /** What {@code download -r} prints with {@code --json}. */
    record Summary(String folder, String directory, List<Object> files, long downloaded, long unchanged, long bytes) {}

    /** Whether {@code local} is a file that already holds {@code remote}'s content (same size and SHA-256). */
    static boolean sameContent(Path local, ItemView remote) {
        try {
            return Files.isRegularFile(local)
                    && Files.size(local) == remote.bytes()
                    && remote.sha256() != null
                    && remote.sha256().equalsIgnoreCase(Digests.sha256Hex(local));
        } catch (IOException e) {
            throw new LocalFileProblem("cannot read " + local + ": " + e.getMessage(), false);
        }
    }

    private static void makeDirectory(Path path) {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new LocalFileProblem("cannot create the directory " + path + ": " + e.getMessage(), false);
        }
    }
}
