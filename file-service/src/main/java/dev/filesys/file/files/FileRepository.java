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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code files} rows, read as a caller sees them: every query that finds a file for a caller joins the caller's
 * unexpired share, so an expired share is the same as none on every access.
 */
@Repository
class FileRepository {

    /** Visibility of a file for :user — owned, or shared with an unexpired share. */
    private static final String VISIBLE = """
            SELECT f.id, f.owner_id, o.username AS owner_name, f.name, f.blob_sha256, b.size, b.crc32c,
                   b.quarantined_at IS NOT NULL AS quarantined, f.content_type, f.created_at, f.updated_at,
                   f.owner_id = :user AS owned, s.expires_at AS shared_until
            FROM files f
            JOIN blobs b ON b.sha256 = f.blob_sha256
            JOIN users o ON o.id = f.owner_id
            LEFT JOIN shares s ON s.file_id = f.id AND s.grantee_id = :user
                               AND (s.expires_at IS NULL OR s.expires_at > now())
            """;

    /** A share {@code s} that has not expired, by PostgreSQL's clock. */
    private static final String UNEXPIRED = "(s.expires_at IS NULL OR s.expires_at > now())";

    private final JdbcClient jdbc;

    FileRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<FileRecord> findVisible(UUID user, UUID fileId) {
        return jdbc.sql(VISIBLE + " WHERE f.id = :id AND (f.owner_id = :user OR s.file_id IS NOT NULL)")
                .param("user", user)
                .param("id", fileId)
                .query(FileRepository::map)
                .optional();
    }

    /** As {@link #findVisible}, locking the file's row until the transaction ends. */
    Optional<FileRecord> findVisibleForUpdate(UUID user, UUID fileId) {
        return jdbc.sql(VISIBLE + " WHERE f.id = :id AND (f.owner_id = :user OR s.file_id IS NOT NULL) FOR UPDATE OF f")
                .param("user", user)
                .param("id", fileId)
                .query(FileRepository::map)
                .optional();
    }

    /** The owner's file of that name, its row locked until the transaction ends. */
    Optional<FileRecord> findOwnedByNameForUpdate(UUID owner, String name) {
        return jdbc.sql(VISIBLE + " WHERE f.owner_id = :user AND f.name = :name FOR UPDATE OF f")
                .param("user", owner)
                .param("name", name)
                .query(FileRepository::map)
                .optional();
    }

    /** The size of the owner's file of that name, if there is one. */
    Optional<Long> sizeOfNamed(UUID owner, String name) {
        return jdbc.sql("""
                        SELECT b.size FROM files f JOIN blobs b ON b.sha256 = f.blob_sha256
                        WHERE f.owner_id = :owner AND f.name = :name
                        """)
                .param("owner", owner)
                .param("name", name)
                .query(Long.class)
                .optional();
    }

    /** Inserts a file; returns the time it was created. */
    Instant insert(UUID id, UUID owner, String name, String sha256, String contentType) {
        return jdbc.sql("""
                        INSERT INTO files (id, owner_id, folder_id, name, blob_sha256, content_type, updated_by)
                        SELECT :id, :owner, r.id, :name, :sha256, :contentType, :owner
                        FROM folders r WHERE r.owner_id = :owner AND r.parent_id IS NULL
                        RETURNING created_at
                        """)
                .param("id", id)
                .param("owner", owner)
                .param("name", name)
                .param("sha256", sha256)
                .param("contentType", contentType)
                .query((rs, row) -> instant(rs, "created_at"))
                .single();
    }

    /** Points an existing file at new content; the id, name, owner and shares stay. */
    void replaceContent(UUID id, String sha256, String contentType) {
        jdbc.sql("""
                        UPDATE files SET blob_sha256 = :sha256, content_type = :contentType, updated_at = now()
                        WHERE id = :id
                        """)
                .param("id", id)
                .param("sha256", sha256)
                .param("contentType", contentType)
                .update();
    }

    void delete(UUID id) {
        jdbc.sql("DELETE FROM files WHERE id = :id").param("id", id).update();
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
        String columns = "f.id, f.owner_id, f.name, f.blob_sha256, f.content_type, f.created_at, f.updated_at"
                + (bySize ? ", f.size" : "");
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
                       p.owned, p.shared_until
                FROM (SELECT * FROM (%s) v ORDER BY %s LIMIT :limit) p
                CROSS JOIN LATERAL (SELECT size, crc32c, quarantined_at FROM blobs
                                    WHERE blobs.sha256 = p.blob_sha256 LIMIT 1) b
                CROSS JOIN LATERAL (SELECT username FROM users WHERE users.id = p.owner_id LIMIT 1) o
                ORDER BY %s
                """.formatted(String.join(" UNION ALL ", sources), keyset.orderBy("v"), keyset.orderBy("p"));
    }

    /** The users a file is shared with, unexpired shares only. */
    List<UUID> activeGrantees(UUID fileId) {
        return jdbc.sql(
                        "SELECT grantee_id FROM shares WHERE file_id = :id AND (expires_at IS NULL OR expires_at > now())")
                .param("id", fileId)
                .query(UUID.class)
                .list();
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

    private static FileRecord map(ResultSet rs, int row) throws SQLException {
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
                instant(rs, "shared_until"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
