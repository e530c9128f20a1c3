package dev.filesys.file.files;

import dev.filesys.file.paging.Keyset;
import dev.filesys.file.paging.PageRequest;
import dev.filesys.file.paging.SortField;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code files} rows, read as a caller sees them: every query that finds a file for a caller joins the caller's
 * unexpired share, so an expired share is the same as none on every access; and every one of them reads live rows only
 * ({@code trashed_at IS NULL}), so a file in the trash is gone for its owner's listings and for every sharee at once.
 */
@Repository
class FileRepository {

    /**
     * Visibility of a live file for :user — owned; or shared with an unexpired share of the file; or held by a folder
     * that an unexpired folder share of it or of a folder above it reaches ({@code folder_grant}, walked only for a
     * file the caller does not own). A file in the trash is seen by no one here.
     */
    private static final String VISIBLE = """
            SELECT f.id, f.owner_id, o.username AS owner_name, f.name, f.blob_sha256, b.size, b.crc32c,
                   b.quarantined_at IS NOT NULL AS quarantined, f.content_type, f.created_at, f.updated_at,
                   f.owner_id = :user AS owned,
                   CASE WHEN (s.file_id IS NOT NULL AND s.expires_at IS NULL) OR (g.granted AND g.expires_at IS NULL)
                        THEN NULL ELSE GREATEST(s.expires_at, g.expires_at) END AS shared_until,
                   f.folder_id, f.version,
                   CASE WHEN f.owner_id = :user THEN folder_path(f.folder_id) END AS folder_path
            FROM files f
            JOIN blobs b ON b.sha256 = f.blob_sha256
            JOIN users o ON o.id = f.owner_id
            LEFT JOIN shares s ON s.file_id = f.id AND s.grantee_id = :user
                               AND (s.expires_at IS NULL OR s.expires_at > now())
            LEFT JOIN LATERAL (SELECT * FROM folder_grant(f.folder_id, :user) WHERE f.owner_id <> :user) g ON true
            """;

    /** The file is live and the caller may read it, given {@link #VISIBLE}'s joins. */
    private static final String READABLE =
            " f.trashed_at IS NULL AND (f.owner_id = :user OR s.file_id IS NOT NULL OR g.granted IS NOT NULL)";
    /** A file {@code f} outside the trash. */
    private static final String LIVE = "f.trashed_at IS NULL";

    /** A share {@code s} that has not expired, by PostgreSQL's clock. */
    private static final String UNEXPIRED = "(s.expires_at IS NULL OR s.expires_at > now())";

    private final JdbcClient jdbc;

    FileRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The digests of the blobs the owner's files (in the trash or not) and their earlier versions reference. */
    List<String> blobsOwnedBy(UUID owner) {
        return jdbc.sql("""
                        SELECT blob_sha256 FROM files WHERE owner_id = :owner
                        UNION
                        SELECT v.blob_sha256 FROM file_versions v JOIN files f ON f.id = v.file_id
                        WHERE f.owner_id = :owner
                        ORDER BY 1
                        """).param("owner", owner).query(String.class).list();
    }

    Optional<FileRecord> findVisible(UUID user, UUID fileId) {
        return findVisible(user, fileId, "");
    }

    /** As {@link #findVisible}, locking the file's row until the transaction ends. */
    Optional<FileRecord> findVisibleForUpdate(UUID user, UUID fileId) {
        return findVisible(user, fileId, " FOR UPDATE OF f");
    }

    private Optional<FileRecord> findVisible(UUID user, UUID fileId, String lock) {
        return jdbc.sql(VISIBLE + " WHERE f.id = :id AND" + READABLE + lock)
                .param("user", user)
                .param("id", fileId)
                .query(FileRepository::map)
                .optional();
    }

    /** The owner's live file of that name in the folder, its row locked until the transaction ends. */
    Optional<FileRecord> findOwnedByNameForUpdate(UUID owner, UUID folder, String name) {
        return jdbc.sql(VISIBLE + " WHERE f.owner_id = :user AND f.folder_id = :folder AND f.name = :name"
                        + " AND f.trashed_at IS NULL FOR UPDATE OF f")
                .param("user", owner)
                .param("folder", folder)
                .param("name", name)
                .query(FileRepository::map)
                .optional();
    }

    /** The size of the owner's live file of that name in the folder, if there is one. */
    Optional<Long> sizeOfNamed(UUID owner, UUID folder, String name) {
        return jdbc.sql("""
                        SELECT b.size FROM files f JOIN blobs b ON b.sha256 = f.blob_sha256
                        WHERE f.owner_id = :owner AND f.folder_id = :folder AND f.name = :name
                          AND f.trashed_at IS NULL
                        """)
                .param("owner", owner)
                .param("folder", folder)
                .param("name", name)
                .query(Long.class)
                .optional();
    }

    /**
     * What a simple upload checks before it reads the body, in one statement: the place's folder (the owner's root
     * folder, or their live folder {@code folderId}), whether a live folder or file of that name is in it, and the
     * owner's file count and bytes left under their quota. Empty when the owner is gone.
     *
     * @param folderId the folder, or null for the owner's root folder
     * @param quota the deployment's quota, for an owner without one of their own
     */
    Optional<UploadFacts> uploadFacts(UUID owner, @Nullable UUID folderId, String name, long quota) {
        String which = folderId == null ? "fo.parent_id IS NULL" : "fo.id = :folder AND fo.trashed_at IS NULL";
        return jdbc.sql("""
                        SELECT fo.id AS folder,
                               EXISTS (SELECT 1 FROM folders c
                                       WHERE c.parent_id = fo.id AND c.name = :name AND c.trashed_at IS NULL)
                                   AS folder_named,
                               (SELECT b.size FROM files f JOIN blobs b ON b.sha256 = f.blob_sha256
                                WHERE f.owner_id = :owner AND f.folder_id = fo.id AND f.name = :name
                                  AND f.trashed_at IS NULL) AS existing_size,
                               COALESCE(s.file_count, 0) AS file_count,
                               COALESCE(u.quota_bytes, :quota) - COALESCE(s.used_bytes, 0) AS remaining
                        FROM users u
                        LEFT JOIN storage_usage s ON s.user_id = u.id
                        LEFT JOIN folders fo ON fo.owner_id = u.id AND %s
                        WHERE u.id = :owner
                        """.formatted(which))
                .param("owner", owner)
                .param("folder", folderId)
                .param("name", name)
                .param("quota", quota)
                .query((rs, row) -> new UploadFacts(
                        rs.getObject("folder", UUID.class),
                        rs.getBoolean("folder_named"),
                        rs.getObject("existing_size") == null ? null : rs.getLong("existing_size"),
                        rs.getLong("file_count"),
                        rs.getLong("remaining")))
                .optional();
    }

    /**
     * What {@link #uploadFacts} found.
     *
     * @param folder the folder, or null when the owner has no such live folder
     * @param existingSize the size of the live file of that name there, or null when there is none
     * @param remaining bytes left under the owner's quota (negative when over it)
     */
    record UploadFacts(
            @Nullable UUID folder,
            boolean folderNamed,
            @Nullable Long existingSize,
            long fileCount,
            long remaining) {}

    /**
     * Inserts a file into the owner's folder and returns it as its owner sees it, in one statement (the blob's row must
     * exist already).
     */
    FileRecord insertReturning(UUID id, UUID owner, UUID folder, String name, String sha256, String contentType) {
        return jdbc.sql("""
                        WITH f AS (
                            INSERT INTO files (id, owner_id, folder_id, name, blob_sha256, content_type, updated_by)
                            VALUES (:id, :owner, :folder, :name, :sha256, :contentType, :owner)
                            RETURNING *)
                        SELECT f.id, f.owner_id, o.username AS owner_name, f.name, f.blob_sha256, b.size, b.crc32c,
                               b.quarantined_at IS NOT NULL AS quarantined, f.content_type, f.created_at, f.updated_at,
                               true AS owned, NULL::timestamptz AS shared_until, f.folder_id, f.version,
                               folder_path(f.folder_id) AS folder_path
                        FROM f JOIN blobs b ON b.sha256 = f.blob_sha256 JOIN users o ON o.id = f.owner_id
                        """)
                .param("id", id)
                .param("owner", owner)
                .param("folder", folder)
                .param("name", name)
                .param("sha256", sha256)
                .param("contentType", contentType)
                .query(FileRepository::map)
                .single();
    }

    /**
     * Points an existing file at new content and keeps the content it had as a version (its blob, content type, when
     * and by whom it was stored), in one statement; the id, name, owner and shares stay, the version grows by one.
     */
    void replaceContent(UUID id, String sha256, String contentType, UUID by) {
        jdbc.sql("""
                        WITH kept AS (
                            INSERT INTO file_versions (id, file_id, blob_sha256, content_type, created_at, created_by,
                                                       replaced_at)
                            SELECT gen_random_uuid(), f.id, f.blob_sha256, f.content_type, f.updated_at, f.updated_by,
                                   now()
                            FROM files f WHERE f.id = :id)
                        UPDATE files SET blob_sha256 = :sha256, content_type = :contentType, updated_at = now(),
                                         updated_by = :by, version = version + 1
                        WHERE id = :id
                        """)
                .param("id", id)
                .param("sha256", sha256)
                .param("contentType", contentType)
                .param("by", by)
                .update();
    }

    /** Gives a file another name or folder (or both), a new version: one row update. */
    void move(UUID id, UUID folder, String name) {
        jdbc.sql("UPDATE files SET folder_id = :folder, name = :name, version = version + 1 WHERE id = :id")
                .param("id", id)
                .param("folder", folder)
                .param("name", name)
                .update();
    }

    /**
     * One page of the live files in a folder the caller may read (the caller checked that), as the rows of
     * {@code group} of a listing in the keyset's order: those after its position, at most {@code limit}.
     */
    List<FileRecord> children(UUID user, UUID folder, Keyset keyset, int group, int limit) {
        String key = sortKey(keyset);
        return keyset.bind(jdbc.sql(VISIBLE + " WHERE f.folder_id = :folder AND" + READABLE + " AND "
                        + keyset.where(group, key, "f.id") + " ORDER BY " + keyset.orderBy(key, "f.id")
                        + " LIMIT :limit"))
                .param("user", user)
                .param("folder", folder)
                .param("limit", limit)
                .query(FileRepository::map)
                .list();
    }

    /** The sort key of a row of {@link #VISIBLE}: a file's size is its blob's. */
    private static String sortKey(Keyset keyset) {
        SortField field = keyset.sort().field();
        return field == SortField.SIZE ? "b.size" : field.column("f");
    }

    /** The owner's live file of that name in the folder. */
    Optional<FileRecord> findOwnedByName(UUID owner, UUID folder, String name) {
        return jdbc.sql(VISIBLE + " WHERE f.owner_id = :user AND f.folder_id = :folder AND f.name = :name"
                        + " AND f.trashed_at IS NULL")
                .param("user", owner)
                .param("folder", folder)
                .param("name", name)
                .query(FileRepository::map)
                .optional();
    }

    /**
     * One page of the live files shared directly with the user (unexpired file shares), as the rows of {@code group} of
     * a listing in the keyset's order: those after its position, at most {@code limit}.
     */
    List<FileRecord> sharedWith(UUID user, Keyset keyset, int group, int limit) {
        String key = sortKey(keyset);
        return keyset.bind(jdbc.sql(VISIBLE + " WHERE s.file_id IS NOT NULL AND f.owner_id <> :user AND " + LIVE
                        + " AND " + keyset.where(group, key, "f.id") + " ORDER BY "
                        + keyset.orderBy(key, "f.id") + " LIMIT :limit"))
                .param("user", user)
                .param("limit", limit)
                .query(FileRepository::map)
                .list();
    }

    void delete(UUID id) {
        jdbc.sql("DELETE FROM files WHERE id = :id").param("id", id).update();
    }

    /** Moves a live file to the trash on its own (it is the item the trash lists); returns the folder it was in. */
    UUID trash(UUID id) {
        return jdbc.sql("""
                        UPDATE files SET trashed_at = now(), trash_root_id = id, version = version + 1
                        WHERE id = :id AND trashed_at IS NULL
                        RETURNING folder_id
                        """).param("id", id).query(UUID.class).single();
    }

    /** A file's version (its ETag), live or in the trash. */
    Optional<Long> version(UUID id) {
        return jdbc.sql("SELECT version FROM files WHERE id = :id")
                .param("id", id)
                .query(Long.class)
                .optional();
    }

    /**
     * One page of what the caller may see, in the order asked for, after the keyset's row: at most {@code limit} rows
     * (a page's {@link PageRequest#fetchSize()}). It reads only the caller's rows, however many files and shares other
     * users have: the caller's own files through an index that holds them in the page's order, from the cursor on (as
     * many as the page needs), the caller's unexpired shares through {@code shares_grantee_id}, each share's file by
     * its key; then the page's blobs and owners by their keys. See {@link #listing} for the statement. Only live files
     * (not in the trash) are listed.
     */
    List<FileRecord> list(UUID user, FileScope scope, Keyset keyset, int limit) {
        return keyset.bind(jdbc.sql(listing(scope, keyset)))
                .param("user", user)
                .param("limit", limit)
                .query(FileRepository::map)
                .list();
    }

    /**
     * The statement behind {@link #list}, with the parameters {@code :user}, {@code :limit} and the keyset's. Each
     * source (owned files, shared files) starts after the cursor's row and is cut to {@code :limit} rows in the page's
     * order before they are merged, since no row after those can be on the page: keyset pagination, never
     * {@code OFFSET}, so the last page costs what the first does. The lookups of a file by its share, and of a page
     * row's blob and owner, are subqueries with {@code LIMIT 1} (each finds one row by its key anyway): a subquery with
     * a LIMIT is not flattened into a join, so the planner cannot answer them with a hash join over the whole
     * {@code files}, {@code blobs} or {@code users} table, which small tables and a small page invite. A listing by size
     * reads the size of each of the caller's files (it is the blob's, and no index orders files by it).
     */
    static String listing(FileScope scope, Keyset keyset) {
        boolean bySize = keyset.sort().field() == SortField.SIZE;
        String columns = "f.id, f.owner_id, f.name, f.blob_sha256, f.content_type, f.created_at, f.updated_at,"
                + " f.folder_id, f.version" + (bySize ? ", f.size" : "");
        String fileColumns = bySize
                ? "files.*, (SELECT size FROM blobs WHERE blobs.sha256 = files.blob_sha256 LIMIT 1) AS size"
                : "files.*";
        String where = " AND f.trashed_at IS NULL AND " + keyset.where("f") + " ORDER BY " + keyset.orderBy("f")
                + " LIMIT :limit)";
        List<String> sources = new ArrayList<>();
        if (scope.owned()) {
            sources.add("(SELECT " + columns + ", true AS owned, NULL::timestamptz AS shared_until"
                    + " FROM " + (bySize ? "(SELECT " + fileColumns + " FROM files) f" : "files f")
                    + " WHERE f.owner_id = :user" + where);
        }
        if (scope.shared()) {
            sources.add("(SELECT " + columns + ", false AS owned, s.expires_at AS shared_until"
                    + " FROM shares s"
                    + " CROSS JOIN LATERAL (SELECT " + fileColumns + " FROM files WHERE files.id = s.file_id LIMIT 1) f"
                    + " WHERE s.grantee_id = :user AND " + UNEXPIRED + where);
        }
        return """
                SELECT p.id, p.owner_id, o.username AS owner_name, p.name, p.blob_sha256, b.size, b.crc32c,
                       b.quarantined_at IS NOT NULL AS quarantined, p.content_type, p.created_at, p.updated_at,
                       p.owned, p.shared_until, p.folder_id, p.version,
                       CASE WHEN p.owned THEN folder_path(p.folder_id) END AS folder_path
                FROM (SELECT * FROM (%s) v ORDER BY %s LIMIT :limit) p
                CROSS JOIN LATERAL (SELECT size, crc32c, quarantined_at FROM blobs
                                    WHERE blobs.sha256 = p.blob_sha256 LIMIT 1) b
                CROSS JOIN LATERAL (SELECT username FROM users WHERE users.id = p.owner_id LIMIT 1) o
                ORDER BY %s
                """.formatted(String.join(" UNION ALL ", sources), keyset.orderBy("v"), keyset.orderBy("p"));
    }

    /**
     * The users a file is shared with, unexpired shares only: directly, or through a share of its folder or of any
     * folder above it.
     */
    List<UUID> activeGrantees(UUID fileId) {
        return jdbc.sql("""
                        WITH RECURSIVE up (id, depth) AS (
                            SELECT folder_id, 0 FROM files WHERE id = :id
                            UNION ALL
                            SELECT p.parent_id, up.depth + 1 FROM up JOIN folders p ON p.id = up.id
                            WHERE p.parent_id IS NOT NULL AND up.depth < 64)
                        SELECT grantee_id FROM shares WHERE file_id = :id AND (expires_at IS NULL OR expires_at > now())
                        UNION
                        SELECT fs.grantee_id FROM folder_shares fs JOIN up ON up.id = fs.folder_id
                        WHERE fs.expires_at IS NULL OR fs.expires_at > now()
                        """).param("id", fileId).query(UUID.class).list();
    }

    /** The unexpired shares of a file, by grantee name. */
    List<FileView.Share> activeShares(UUID fileId) {
        return jdbc.sql("""
                        SELECT u.username, s.permission, s.expires_at, s.created_at
                        FROM shares s JOIN users u ON u.id = s.grantee_id
                        WHERE s.file_id = :id AND (s.expires_at IS NULL OR s.expires_at > now())
                        ORDER BY u.username
                        """)
                .param("id", fileId)
                .query((rs, row) -> new FileView.Share(
                        rs.getString("username"),
                        rs.getString("permission"),
                        instant(rs, "expires_at"),
                        instant(rs, "created_at")))
                .list();
    }

    static FileRecord map(ResultSet rs, int row) throws SQLException {
        return new FileRecord(
                rs.getObject("id", UUID.class),
                rs.getObject("owner_id", UUID.class),
                rs.getString("owner_name"),
                rs.getString("name"),
                rs.getString("blob_sha256"),
                rs.getLong("size"),
                rs.getLong("crc32c"),
                rs.getBoolean("quarantined"),
                rs.getString("content_type"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                rs.getBoolean("owned"),
                instant(rs, "shared_until"),
                rs.getObject("folder_id", UUID.class),
                rs.getLong("version"),
                rs.getString("folder_path"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
