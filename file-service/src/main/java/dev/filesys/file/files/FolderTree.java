package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The folder tree as placing an item in it needs it: finding and locking a folder, the names taken in it (by files and
 * folders alike), creating folders, and the walks up the tree (path, depth, who a folder share reaches).
 *
 * <p>Names are unique per folder across files and folders, among items not in the trash. Whoever adds an item to a
 * folder, or renames or moves one into it, first locks the folder's row ({@link #lockLive}) and then checks both tables
 * ({@link #requireNameFree}), in one transaction: two such changes of one folder take turns, so neither misses the
 * other's name. The partial unique indexes of each table are the backstop. Changes of the tree's shape (a new folder,
 * a folder moved) first lock the owner's root folder, so a move's check that it does not go into its own subtree, and
 * the depth limit, cannot race another such change.
 */
@Component
public class FolderTree {

    /** The deepest a folder may be below its root folder (a root's children are at depth 1). */
    public static final int MAX_DEPTH = 64;

    private final JdbcClient jdbc;

    FolderTree(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The owner's root folder's id. */
    public UUID root(UUID owner) {
        return jdbc.sql("SELECT id FROM folders WHERE owner_id = :owner AND parent_id IS NULL")
                .param("owner", owner)
                .query(UUID.class)
                .single();
    }

    /**
     * Locks the owner's live folder until the transaction ends.
     *
     * @param folderId the folder, or null for the owner's root folder
     * @return its id
     * @throws FolderNotFound when the owner has no such folder outside the trash
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID lockLive(UUID owner, @Nullable UUID folderId) {
        String which = folderId == null ? "parent_id IS NULL" : "id = :id";
        return jdbc.sql("SELECT id FROM folders WHERE owner_id = :owner AND " + which
                        + " AND trashed_at IS NULL FOR UPDATE")
                .param("owner", owner)
                .param("id", folderId)
                .query(UUID.class)
                .optional()
                .orElseThrow(FolderNotFound::noSuchFolder);
    }

    /** Whether the owner has this live folder. */
    public boolean existsLive(UUID owner, UUID folderId) {
        return jdbc.sql("SELECT true FROM folders WHERE id = :id AND owner_id = :owner AND trashed_at IS NULL")
                .param("owner", owner)
                .param("id", folderId)
                .query(Boolean.class)
                .optional()
                .isPresent();
    }

    /** The live folder at {@code names} below the owner's root, without creating or locking anything. */
    public Optional<UUID> find(UUID owner, List<String> names) {
        UUID folder = root(owner);
        for (String name : names) {
            Optional<UUID> child = child(folder, name, false);
            if (child.isEmpty()) {
                return Optional.empty();
            }
            folder = child.get();
        }
        return Optional.of(folder);
    }

    /**
     * The live folder at {@code names} below the owner's root, creating the ones that are missing ({@code mkdir -p});
     * the folder is locked until the transaction ends.
     *
     * @throws NameTaken when a file holds the name of a folder on the way
     * @throws dev.filesys.support.ApiException {@code FOLDER_TOO_DEEP} when it would be deeper than {@link #MAX_DEPTH}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID ensure(UUID owner, List<String> names) {
        UUID folder = lockLive(owner, null);
        if (names.size() > MAX_DEPTH) {
            throw tooDeep();
        }
        for (String name : names) {
            Optional<UUID> child = child(folder, name, true);
            if (child.isPresent()) {
                folder = child.get();
            } else {
                requireNameFree(folder, name, null);
                folder = insert(owner, folder, name);
            }
        }
        return folder;
    }

    /** The live folder named {@code name} in {@code parent}, locked when {@code lock}. */
    private Optional<UUID> child(UUID parent, String name, boolean lock) {
        return jdbc.sql("SELECT id FROM folders WHERE parent_id = :parent AND name = :name AND trashed_at IS NULL"
                        + (lock ? " FOR UPDATE" : ""))
                .param("parent", parent)
                .param("name", name)
                .query(UUID.class)
                .optional();
    }

    /** Adds a folder; the caller has locked {@code parent} and checked the name and the depth. */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID insert(UUID owner, UUID parent, String name) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO folders (id, owner_id, parent_id, name) VALUES (:id, :owner, :parent, :name)")
                .param("id", id)
                .param("owner", owner)
                .param("parent", parent)
                .param("name", name)
                .update();
        return id;
    }

    /**
     * Refuses when a live file or folder in {@code folder} has the name, other than {@code except} (the item being
     * renamed); the caller holds the folder's lock.
     *
     * @throws NameTaken 409
     */
    public void requireNameFree(UUID folder, String name, @Nullable UUID except) {
        Boolean taken = jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM folders WHERE parent_id = :folder AND name = :name
                                       AND trashed_at IS NULL AND id IS DISTINCT FROM :except)
                            OR EXISTS (SELECT 1 FROM files WHERE folder_id = :folder AND name = :name
                                       AND trashed_at IS NULL AND id IS DISTINCT FROM :except)
                        """)
                .param("folder", folder)
                .param("name", name)
                .param("except", except)
                .query(Boolean.class)
                .single();
        if (taken) {
            throw new NameTaken("That folder already holds a file or folder named \"" + name + "\".");
        }
    }

    /** Whether {@code folder} holds a live folder named {@code name}. */
    public boolean hasFolderNamed(UUID folder, String name) {
        return child(folder, name, false).isPresent();
    }

    /** How deep the folder is: 0 for a root folder, 1 for its children, and so on. */
    public int depth(UUID folder) {
        return jdbc.sql("SELECT max(depth) FROM folder_ancestors(:folder)")
                .param("folder", folder)
                .query(Integer.class)
                .single();
    }

    /** The folder's path ({@code /} for a root folder). */
    public String path(UUID folder) {
        return jdbc.sql("SELECT folder_path(:folder)")
                .param("folder", folder)
                .query(String.class)
                .single();
    }

    /**
     * Who may read what the folder holds besides its owner: the users with an unexpired share of the folder or of a
     * folder above it.
     */
    public List<UUID> grantees(UUID folder) {
        return jdbc.sql("SELECT grantee_id FROM folder_grantees(:folder)")
                .param("folder", folder)
                .query(UUID.class)
                .list();
    }

    /** The refusal for a folder that would be deeper than {@link #MAX_DEPTH}. */
    public static dev.filesys.support.ApiException tooDeep() {
        return ApiError.FOLDER_TOO_DEEP.exception(
                "Folders may be at most " + MAX_DEPTH + " levels below your root folder; nothing was changed.");
    }
}
