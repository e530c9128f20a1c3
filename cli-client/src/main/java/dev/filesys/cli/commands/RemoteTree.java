package dev.filesys.cli.commands;

import dev.filesys.cli.client.FilesysClient;
import dev.filesys.cli.client.ItemView;
import dev.filesys.cli.client.RequestRefused;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The user's tree as the commands use it: items by path, folders made on the way ({@code mkdir -p}), and walks of a
 * folder and everything below it, streamed page by page.
 */
final class RemoteTree {

    /** An item met on a walk, with its path from where the walk began (for a sharee, who is shown no paths). */
    record Visit(ItemView item, String path) {}

    private final FilesysClient client;
    private final Map<String, String> folderIds = new HashMap<>();

    RemoteTree(FilesysClient client) {
        this.client = client;
    }

    /** The item at a normalized path, or {@code null} when nothing is there. */
    ItemView find(String path) {
        try {
            return client.item(path);
        } catch (RequestRefused e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** The item at a normalized path; a clear refusal when nothing is there. */
    ItemView at(String path) {
        ItemView item = find(path);
        if (item == null) {
            throw new CliFailure(ExitCode.NOT_FOUND, "FILE_NOT_FOUND", "no file or folder " + path + " in your files");
        }
        return item;
    }

    /** The folder at a normalized path; a clear refusal when nothing or a file is there. */
    ItemView folderAt(String path) {
        ItemView item = find(path);
        if (item == null) {
            throw new CliFailure(ExitCode.NOT_FOUND, "FOLDER_NOT_FOUND", "no folder " + path + " in your files");
        }
        if (!item.isFolder()) {
            throw new CliFailure(ExitCode.USAGE, "NOT_A_FOLDER", path + " is a file, not a folder");
        }
        return item;
    }

    /**
     * The id of the folder at a normalized path, making it and the folders above it that are missing, as
     * {@code mkdir -p} does; {@code created} is told of each folder made.
     */
    String folders(String path, Consumer<ItemView> created) {
        if (path.equals(RemotePaths.ROOT)) {
            return "root";
        }
        String known = folderIds.get(path);
        if (known != null) {
            return known;
        }
        ItemView there = find(path);
        if (there != null) {
            if (!there.isFolder()) {
                throw CliFailure.conflict("NAME_TAKEN", path + " is a file, not a folder");
            }
            folderIds.put(path, there.folderId());
            return there.folderId();
        }
        String parentId = folders(RemotePaths.parent(path), created);
        String id;
        try {
            ItemView made = client.createFolder(parentId, RemotePaths.name(path));
            created.accept(made);
            id = made.folderId();
        } catch (RequestRefused e) {
            if (!e.code().equals("NAME_TAKEN")) {
                throw e;
            }
            // made meanwhile by someone else: use it, if it is a folder
            ItemView raced = find(path);
            if (raced == null || !raced.isFolder()) {
                throw e;
            }
            id = raced.folderId();
        }
        folderIds.put(path, id);
        return id;
    }

    /**
     * Hands every item below {@code folder} to {@code sink}: a folder's children as their pages arrive (folders, then
     * files, by name), then the same for each of its folders in turn. Only the folders still to visit are held, never
     * a folder's files, so a folder of any size walks in constant memory.
     *
     * @param path what the paths handed on begin with
     */
    void walk(ItemView folder, String path, Consumer<Visit> sink) {
        Deque<Visit> pending = new ArrayDeque<>();
        pending.push(new Visit(folder, path));
        while (!pending.isEmpty()) {
            Visit current = pending.pop();
            List<Visit> below = new ArrayList<>();
            client.eachChild(current.item().folderId(), child -> {
                Visit visit = new Visit(child, RemotePaths.child(current.path(), child.name()));
                sink.accept(visit);
                if (child.isFolder()) {
                    below.add(visit);
                }
            });
            for (int i = below.size() - 1; i >= 0; i--) {
                pending.push(below.get(i));
            }
        }
    }
}
