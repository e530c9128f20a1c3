package dev.filesys.cli.commands;

import dev.filesys.cli.client.FileView;
import dev.filesys.cli.client.ItemView;
import dev.filesys.cli.client.LocalFileProblem;
import dev.filesys.cli.commands.FilesysCommands.UploadTarget;
import dev.filesys.cli.progress.ByteUnits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code upload -r}: a local directory mirrored into a remote folder. Its folders are made where missing; a file
 * already stored there with the same SHA-256 is skipped, so a run that was cut short is simply run again (the file it
 * was sending continues its tus upload where the server stopped). A file there with other content is replaced only
 * with {@code --force}, and only if it is still the version read just before (If-Match).
 */
final class TreeUpload {

    private final FilesysCommands commands;
    private final Path directory;
    private final String base;
    private final boolean overwrite;
    private final RemoteTree tree;

    TreeUpload(FilesysCommands commands, Path directory, String base, boolean overwrite) {
        this.commands = commands;
        this.directory = directory.toAbsolutePath().normalize();
        this.base = base;
        this.overwrite = overwrite;
        this.tree = new RemoteTree(commands.client());
    }

    void run() {
        List<Path> folders = new ArrayList<>();
        long totalBytes = 0;
        int totalFiles = 0;
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted().toList()) {
                if (Files.isDirectory(path)) {
                    folders.add(path);
                } else if (Files.isRegularFile(path)) {
                    totalFiles++;
                    totalBytes += Files.size(path);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new LocalFileProblem("cannot read " + directory + ": " + e.getMessage(), false);
        }
        List<ItemView> made = new ArrayList<>();
        List<Object> files = new ArrayList<>();
        int done = 0;
        long doneBytes = 0;
        int skipped = 0;
        for (Path folder : folders) {
            String remoteFolder = remotePath(folder);
            String folderId = tree.folders(remoteFolder, created -> {
                made.add(created);
                commands.printProgress("made folder " + Shown.text(created.path()));
            });
            Map<String, ItemView> there = new HashMap<>();
            commands.client().eachChild(folderId, child -> there.put(child.name(), child));
            for (Path local : regularFiles(folder)) {
                String name = local.getFileName().toString();
                String remote = RemotePaths.child(remoteFolder, name);
                long size = size(local);
                ItemView existing = there.get(name);
                done++;
                String progress = " (" + done + "/" + totalFiles + ", " + ByteUnits.size(doneBytes + size) + " of "
                        + ByteUnits.size(totalBytes) + ")";
                if (existing != null && !existing.isFolder() && TreeDownload.sameContent(local, existing)) {
                    skipped++;
                    doneBytes += size;
                    files.add(Map.of("path", remote, "unchanged", true));
                    commands.printProgress("unchanged " + Shown.text(remote) + progress);
                    continue;
                }
                if (existing != null && existing.isFolder()) {
                    throw CliFailure.conflict("NAME_TAKEN", remote + " is a folder: an upload never replaces a folder");
                }
                if (existing != null && !overwrite) {
                    throw CliFailure.conflict(
                            "NAME_TAKEN", remote + " exists with other content (use --force to replace it)");
                }
                UploadTarget target = commands.uploadTarget(tree, remoteFolder, name, existing != null);
                FileView stored = commands.uploadOne(local, target, overwrite, Shown.text(remote) + progress);
                doneBytes += size;
                files.add(stored);
                commands.printProgress("uploaded " + Shown.text(remote) + " (" + stored.size() + " bytes, sha256 "
                        + stored.sha256() + ")" + progress);
            }
        }
        commands.print(
                new Summary(base, made, files, totalFiles - skipped, skipped, totalBytes),
                "uploaded " + (totalFiles - skipped) + " of " + totalFiles + " files (" + skipped + " unchanged), "
                        + totalBytes + " bytes (" + ByteUnits.size(totalBytes) + ") in " + Shown.text(base));
    }

    /** What {@code upload -r} prints with {@code --json}. */
    record Summary(
            String folder, List<ItemView> foldersMade, List<Object> files, int uploaded, int unchanged, long bytes) {}

    /** Where a local directory goes: {@code base} and its path below the uploaded directory. */
    private String remotePath(Path folder) {
        String path = base;
        for (Path level : directory.relativize(folder)) {
            if (!level.toString().isEmpty()) {
                path = RemotePaths.child(path, level.toString());
            }
        }
        return path;
    }

    private static List<Path> regularFiles(Path folder) {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new LocalFileProblem("cannot read " + folder + ": " + e.getMessage(), false);
        }
    }

    private static long size(Path local) {
        try {
            return Files.size(local);
        } catch (IOException e) {
            throw new LocalFileProblem("cannot read " + local + ": " + e.getMessage(), false);
        }
    }
}
