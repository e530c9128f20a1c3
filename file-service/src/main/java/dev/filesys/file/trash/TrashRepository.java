package dev.filesys.file.trash;

import dev.filesys.file.paging.Keyset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The trash's statements over {@code files} and {@code folders}: an item in the trash is a row whose
 * {@code trash_root_id} is its own id; everything that went with it carries that id too.
 */
@Repository
class TrashRepository {

    /** The folders from {@code :id} down (at most 64 levels), live or not. */
    private static final String SUBTREE = """
            WITH RECURSIVE sub (id, depth) AS (
                SELECT CAST(:id AS uuid), 0
                UNION ALL
                SELECT c.id, sub.depth + 1 FROM folders c JOIN sub ON c.parent_id = sub.id WHERE sub.depth < 64)
            """;

    /** A file that is an item in the trash, as an {@link Item}; the rest of a condition on its row follows. */
    private static final String FILE_ITEM =
            "SELECT 'file' AS kind, id, owner_id, name, folder_id, trashed_at FROM files WHERE trash_root_id = id AND ";

    /** A folder that is an item in the trash, as an {@link Item}; the rest of a condition on its row follows. */
    private static final String FOLDER_ITEM = "SELECT 'folder' AS kind, id, owner_id, name, parent_id AS folder_id,"
            + " trashed_at FROM folders WHERE trash_root_id = id AND ";

    private final JdbcClient jdbc;

    TrashRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An item in the trash: its row's kind, name, the folder it was in, when it was trashed. */
    record Item(String kind, UUID id, UUID ownerId, String name, UUID folderId, Instant trashedAt) {}

    /** Up to {@code limit} of the owner's trash items after the keyset's position, in its order. */
    List<TrashItemView> list(UUID owner, Keyset keyset, int limit, Duration retention) {
        String key = keyset.sort().field().column("t");
        return keyset.bind(jdbc.sql("""
                        SELECT t.*, '/' || coalesce(p.folder_path || '/', '') || t.name AS original_path
                        FROM (
                            SELECT 'file' AS kind, f.id, f.name, f.folder_id AS original_folder_id, f.trashed_at,
                                   b.size
                            FROM files f JOIN blobs b ON b.sha256 = f.blob_sha256
                            WHERE f.owner_id = :owner AND f.trash_root_id = f.id
                            UNION ALL
                            SELECT 'folder', d.id, d.name, d.parent_id, d.trashed_at,
                                   (SELECT coalesce(sum(b.size), 0) FROM files f
                                    JOIN blobs b ON b.sha256 = f.blob_sha256 WHERE f.trash_root_id = d.id)
                            FROM folders d
                            WHERE d.owner_id = :owner AND d.trash_root_id = d.id) t
                        CROSS JOIN LATERAL (
                            WITH RECURSIVE up (id, parent_id, name, depth) AS (
                                SELECT id, parent_id, name, 0 FROM folders WHERE id = t.original_folder_id
                                UNION ALL
                                SELECT p.id, p.parent_id, p.name, up.depth + 1
                                FROM folders p JOIN up ON p.id = up.parent_id WHERE up.depth < 64)
                            SELECT string_agg(name, '/' ORDER BY depth DESC) AS folder_path
                            FROM up WHERE parent_id IS NOT NULL) p
                        WHERE %s
                        ORDER BY %s
                        LIMIT :limit
                        """.formatted(keyset.where(0, key, "t.id"), keyset.orderBy(key, "t.id"))))
                .param("owner", owner)
                .param("limit", limit)
                .query((rs, row) -> {
                    Instant trashedAt = instant(rs, "trashed_at");
                    return new TrashItemView(
                            rs.getString("kind"),
                            rs.getObject("id", UUID.class),
                            rs.getString("name"),
                            rs.getString("original_path"),
                            rs.getObject("original_folder_id", UUID.class),
                            trashedAt,
                            rs.getLong("size"),
                            trashedAt.plus(retention));
                })
                .list();
    }

    /** The owner's item in the trash with that id, its row locked until the transaction ends. */
    Optional<Item> findForUpdate(UUID owner, UUID id) {
        return findForUpdate(FILE_ITEM, owner, id).or(() -> findForUpdate(FOLDER_ITEM, owner, id));
    }

    private Optional<Item> findForUpdate(String items, UUID owner, UUID id) {
        return jdbc.sql(items + "id = :id AND owner_id = :owner FOR UPDATE")
                .param("id", id)
                .param("owner", owner)
                .query(TrashRepository::item)
                .optional();
    }

    /** The items in the trash, files and folders alike, whose rows meet {@code condition}. */
    private static String items(String condition) {
        return "SELECT * FROM (" + FILE_ITEM + condition + " UNION ALL " + FOLDER_ITEM + condition + ") t ";
    }

    /** The owner's items in the trash by name (for a client that names rather than ids them), newest first. */
    List<Item> findByName(UUID owner, String name) {
        return jdbc.sql(items("owner_id = :owner AND name = :name") + "ORDER BY trashed_at DESC, id DESC")
                .param("owner", owner)
                .param("name", name)
                .query(TrashRepository::item)
                .list();
    }

    /** Items trashed before {@code cutoff}, any owner, oldest first. */
    List<Item> trashedBefore(Instant cutoff, int limit) {
        return jdbc.sql(items("trashed_at < :cutoff") + "ORDER BY trashed_at, id LIMIT :limit")
                .param("cutoff", Timestamp.from(cutoff))
                .param("limit", limit)
                .query(TrashRepository::item)
                .list();
    }

    /** The owner's folder, live, locked until the transaction ends (a restore's target). */
    Optional<UUID> lockLiveFolder(UUID owner, UUID folderId) {
        return jdbc.sql("""
                        SELECT id FROM folders WHERE id = :id AND owner_id = :owner AND trashed_at IS NULL FOR UPDATE
                        """)
                .param("id", folderId)
                .param("owner", owner)
                .query(UUID.class)
                .optional();
    }

    /** Whether a live file or folder in that folder has that name. */
    boolean nameTaken(UUID folderId, String name) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM files WHERE folder_id = :folder AND name = :name
                                       AND trashed_at IS NULL)
                            OR EXISTS (SELECT 1 FROM folders WHERE parent_id = :folder AND name = :name
                                       AND trashed_at IS NULL)
                        """)
                .param("folder", folderId)
                .param("name", name)
                .query(Boolean.class)
                .single();
    }

    /**
     * Brings back everything that went to the trash with {@code item}, and puts the item itself under {@code name} in
     * {@code folderId}; every row's version grows by one.
     */
    void restore(Item item, UUID folderId, String name) {
        jdbc.sql("""
                        WITH back AS (
                            UPDATE folders SET trashed_at = NULL, trash_root_id = NULL, version = version + 1,
                                               updated_at = now()
                            WHERE trash_root_id = :id AND id <> :id)
                        UPDATE files SET trashed_at = NULL, trash_root_id = NULL, version = version + 1
                        WHERE trash_root_id = :id AND id <> :id
                        """).param("id", item.id()).update();
        String table = item.kind().equals("file") ? "files" : "folders";
        String parent = item.kind().equals("file") ? "folder_id" : "parent_id";
        jdbc.sql("""
                        UPDATE %s SET trashed_at = NULL, trash_root_id = NULL, version = version + 1,
                                      name = :name, %s = :folder
                        WHERE id = :id
                        """.formatted(table, parent)) // table and column are one of two constants, never input
                .param("id", item.id())
                .param("name", name)
                .param("folder", folderId)
                .update();
    }

    /** A restored folder as the restore answers it. */
    RestoredFolderView folder(UUID id) {
        return jdbc.sql("SELECT id, name, parent_id, version, created_at, updated_at FROM folders WHERE id = :id")
                .param("id", id)
                .query((rs, row) -> new RestoredFolderView(
                        "folder",
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        rs.getObject("parent_id", UUID.class),
                        rs.getLong("version"),
                        instant(rs, "created_at"),
                        instant(rs, "updated_at")))
                .single();
    }

    /** What purging an item gives back: its files (and their versions') bytes, how many files, their blobs. */
    record Freed(long bytes, long files, List<String> blobs) {}

    /**
     * Deletes the item for good, and everything under it (a folder's subtree, whatever the trash state of its rows);
     * shares and versions go with their files. Returns what it freed.
     */
    Freed purge(Item item) {
        String files = item.kind().equals("file")
                ? "SELECT id, blob_sha256 FROM files WHERE id = :id"
                : SUBTREE + "SELECT f.id, f.blob_sha256 FROM files f JOIN sub ON f.folder_id = sub.id";
        Freed freed = jdbc.sql("""
                        WITH doomed AS (%s),
                        refs AS (
                            SELECT blob_sha256 FROM doomed
                            UNION ALL
                            SELECT v.blob_sha256 FROM file_versions v JOIN doomed d ON d.id = v.file_id)
                        SELECT coalesce(sum(b.size), 0) AS bytes,
                               (SELECT count(*) FROM doomed) AS files,
                               coalesce(array_agg(DISTINCT r.blob_sha256) FILTER (WHERE r.blob_sha256 IS NOT NULL),
                                        '{}') AS blobs
                        FROM refs r JOIN blobs b ON b.sha256 = r.blob_sha256
                        """.formatted(files))
                .param("id", item.id())
                .query((rs, row) -> new Freed(rs.getLong("bytes"), rs.getLong("files"), List.of((String[])
                        rs.getArray("blobs").getArray())))
                .single();
        String table = item.kind().equals("file") ? "files" : "folders";
        jdbc.sql("DELETE FROM " + table + " WHERE id = :id")
                .param("id", item.id())
                .update();
        return freed;
    }

    /** The folders a folder's readers are granted through: it and every folder above it, unexpired shares only. */
    List<UUID> folderGrantees(UUID folderId) {
        return jdbc.sql("""
                        WITH RECURSIVE up (id, depth) AS (
                            SELECT CAST(:id AS uuid), 0
                            UNION ALL
                            SELECT p.parent_id, up.depth + 1 FROM up JOIN folders p ON p.id = up.id
                            WHERE p.parent_id IS NOT NULL AND up.depth < 64)
                        SELECT DISTINCT fs.grantee_id FROM folder_shares fs JOIN up ON up.id = fs.folder_id
                        WHERE fs.expires_at IS NULL OR fs.expires_at > now()
                        """).param("id", folderId).query(UUID.class).list();
    }

    /** A live folder of the owner, locked: its name, parent (null for the root) and version. */
    record Folder(
            UUID id, UUID ownerId, String name, @Nullable UUID parentId, long version) {}

    Optional<Folder> lockFolder(UUID folderId) {
        return jdbc.sql("""
                        SELECT id, owner_id, name, parent_id, version FROM folders
                        WHERE id = :id AND trashed_at IS NULL FOR UPDATE
                        """).param("id", folderId).query(Folder.class).optional();
    }

    /** Moves a live folder and its live subtree (folders and files) to the trash, as one item. */
    void trashFolder(UUID folderId) {
        jdbc.sql("""
                        WITH RECURSIVE sub (id, depth) AS (
                            SELECT CAST(:id AS uuid), 0
                            UNION ALL
                            SELECT c.id, sub.depth + 1 FROM folders c JOIN sub ON c.parent_id = sub.id
                            WHERE c.trashed_at IS NULL AND sub.depth < 64),
                        marked AS (
                            UPDATE folders SET trashed_at = now(), trash_root_id = :id, version = version + 1
                            WHERE id IN (SELECT id FROM sub) AND trashed_at IS NULL)
                        UPDATE files SET trashed_at = now(), trash_root_id = :id, version = version + 1
                        WHERE folder_id IN (SELECT id FROM sub) AND trashed_at IS NULL
                        """).param("id", folderId).update();
    }

    String username(UUID userId) {
        return jdbc.sql("SELECT username FROM users WHERE id = :id")
                .param("id", userId)
                .query(String.class)
                .single();
    }

    private static Item item(ResultSet rs, int row) throws SQLException {
        return new Item(
                rs.getString("kind"),
                rs.getObject("id", UUID.class),
                rs.getObject("owner_id", UUID.class),
                rs.getString("name"),
                rs.getObject("folder_id", UUID.class),
                instant(rs, "trashed_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
