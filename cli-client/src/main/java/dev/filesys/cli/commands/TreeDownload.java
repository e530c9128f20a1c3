package dev.filesys.cli.commands;

import dev.filesys.cli.client.Digests;
import dev.filesys.cli.client.Downloaded;
import dev.filesys.cli.client.ItemView;
import dev.filesys.cli.client.LocalFileProblem;
import dev.filesys.cli.progress.ByteUnits;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        boolean json = commands.jsonRequested();
        PrintWriter out = commands.out();
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
            if (Files.exists(local) && sameContent(local, item)) {
                counts[1]++;
                files.add(Map.of("path", local.toString(), "unchanged", true));
                if (!json) {
                    out.println("unchanged " + local + progress);
                    out.flush();
                }
                return;
            }
            Downloaded downloaded =
                    commands.downloadOne(item.asFile(), local, overwrite, Shown.text(visit.path()) + progress);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", downloaded.file());
            result.put("path", downloaded.path().toString());
            result.put("resumedFrom", downloaded.resumedFrom());
            result.put("sha256Verified", item.sha256() != null);
            files.add(result);
            if (!json) {
                out.println("downloaded " + Shown.text(visit.path()) + " to " + local + " (" + item.bytes()
                        + " bytes, sha256 " + (item.sha256() == null ? "not given" : "verified")
                        + (downloaded.resumedFrom() > 0 ? ", resumed at byte " + downloaded.resumedFrom() : "")
                        + ")" + progress);
                out.flush();
            }
        });
        String summary = "downloaded " + (counts[0] - counts[1]) + " of " + counts[0] + " files (" + counts[1]
                + " unchanged), " + counts[2] + " bytes (" + ByteUnits.size(counts[2]) + ") to " + directory;
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("folder", FilesysCommands.shown(folder));
            result.put("directory", directory.toString());
            result.put("files", files);
            result.put("downloaded", counts[0] - counts[1]);
            result.put("unchanged", counts[1]);
            result.put("bytes", counts[2]);
            commands.print(result, summary);
        } else {
            commands.print(null, summary);
        }
    }

    private static boolean sameContent(Path local, ItemView remote) {
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
