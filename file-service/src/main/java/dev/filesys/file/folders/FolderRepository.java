package dev.filesys.file.folders;

import dev.filesys.file.paging.Keyset;
import dev.filesys.file.paging.SortField;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code folders} and {@code folder_shares} rows, read as a caller sees them: a live folder the caller owns, or one
 * an unexpired folder share of it or of a folder above it reaches ({@code folder_grant}).
 */
@Repository
class FolderRepository {

    private static final String VISIBLE = """
            SELECT d.id, d.owner_id, o.username AS owner_name, d.parent_id, d.name, d.version, d.created_at,
                   d.updated_at, d.owner_id = :user AS owned, g.expires_at AS shared_until,
                   CASE WHEN d.owner_id = :user THEN folder_path(d.id) END AS path
            FROM folders d
            JOIN users o ON o.id = d.owner_id
            LEFT JOIN LATERAL (SELECT * FROM folder_grant(d.id, :user) WHERE d.owner_id <> :user) g ON true
            """;

    private static final String READABLE = " d.trashed_at IS NULL AND (d.owner_id = :user OR g.granted IS NOT NULL)";

    private final JdbcClient jdbc;

    FolderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<FolderRecord> findVisible(UUID user, UUID id) {
        return findVisible(user, id, "");
    }

    /** As {@link #findVisible}, locking the folder's row until the transaction ends. */
    Optional<FolderRecord> findVisibleForUpdate(UUID user, UUID id) {
        return findVisible(user, id, " FOR UPDATE OF d");
    }

    private Optional<FolderRecord> findVisible(UUID user, UUID id, String lock) {
        return jdbc.sql(VISIBLE + " WHERE d.id = :id AND" + READABLE + lock)
                .param("user", user)
                .param("id", id)
                .query(FolderRepository::map)
                .optional();
    }

    /** The live folder named {@code name} in {@code parent}, as the caller sees it. */
    Optional<FolderRecord> findChild(UUID user, UUID parent, String name) {
        return jdbc.sql(VISIBLE + " WHERE d.parent_id = :parent AND d.name = :name AND" + READABLE)
                .param("user", user)
                .param("parent", parent)
                .param("name", name)
                .query(FolderRepository::map)
                .optional();
    }

    /**
     * One page of the live folders in {@code parent} (which the caller may read), as the rows of {@code group} of a
     * listing in the keyset's order: those after its position, at most {@code limit}.
     */
    List<FolderRecord> children(UUID user, UUID parent, Keyset keyset, int group, int limit) {
        String key = sortKey(keyset);
        return keyset.bind(jdbc.sql(VISIBLE + " WHERE d.parent_id = :parent AND d.trashed_at IS NULL AND "
                        + keyset.where(group, key, "d.id") + " ORDER BY " + keyset.orderBy(key, "d.id")
                        + " LIMIT :limit"))
                .param("user", user)
                .param("parent", parent)
                .param("limit", limit)
                .query(FolderRepository::map)
                .list();
    }

    /** A folder's sort key: a folder has no size of its own, so by size folders are in name order. */
    private static String sortKey(Keyset keyset) {
        SortField field = keyset.sort().field();
        return (field == SortField.SIZE ? SortField.NAME : field).column("d");
    }

    /** Whether {@code candidate} is {@code folder} or lies below it. */
    boolean isInSubtree(UUID folder, UUID candidate) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM folder_ancestors(:candidate) WHERE id = :folder)")
                .param("folder", folder)
                .param("candidate", candidate)
                .query(Boolean.class)
                .single();
    }

    /** How many levels the folder's subtree has below it (0 for a folder without subfolders). */
    int height(UUID folder) {
        return jdbc.sql("SELECT max(depth) FROM folder_subtree(:folder)")
                .param("folder", folder)
                .query(Integer.class)
                .single();
    }

    /** Renames or moves a folder, a new version: one row update, whatever it holds. */
    void move(UUID id, UUID parent, String name) {
        jdbc.sql("""
                        UPDATE folders SET parent_id = :parent, name = :name, version = version + 1, updated_at = now()
                        WHERE id = :id
                        """)
                .param("id", id)
                .param("parent", parent)
                .param("name", name)
                .update();
    }

    /** Inserts the folder share, or updates the permission and expiry of the one there is. */
    FolderService.Granted upsertShare(UUID folder, UUID grantee, String permission, @Nullable Instant expiresAt) {
        return jdbc.sql("""
                        INSERT INTO folder_shares (folder_id, grantee_id, permission, expires_at)
                        VALUES (:folder, :grantee, :permission, :expiresAt)
                        ON CONFLICT (folder_id, grantee_id)
                        DO UPDATE SET permission = EXCLUDED.permission, expires_at = EXCLUDED.expires_at
                        RETURNING created_at, xmax = 0 AS inserted
                        """)
                .param("folder", folder)
                .param("grantee", grantee)
                .param("permission", permission)
                .param("expiresAt", expiresAt == null ? null : Timestamp.from(expiresAt))
                .query((rs, row) -> new FolderService.Granted(instant(rs, "created_at"), rs.getBoolean("inserted")))
                .single();
    }

    /** Deletes the folder share; returns whether it existed and had not expired. */
    boolean deleteShare(UUID folder, UUID grantee) {
        return jdbc.sql("""
                        DELETE FROM folder_shares WHERE folder_id = :folder AND grantee_id = :grantee
                        RETURNING (expires_at IS NULL OR expires_at > now()) AS active
                        """)
                .param("folder", folder)
                .param("grantee", grantee)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** The unexpired shares of the folder itself, by grantee name. */
    List<FolderView.Share> activeShares(UUID folder) {
        return jdbc.sql("""
                        SELECT u.username, s.permission, s.expires_at, s.created_at
                        FROM folder_shares s JOIN users u ON u.id = s.grantee_id
                        WHERE s.folder_id = :folder AND (s.expires_at IS NULL OR s.expires_at > now())
                        ORDER BY u.username
                        """)
                .param("folder", folder)
                .query((rs, row) -> new FolderView.Share(
                        rs.getString("username"),
                        rs.getString("permission"),
                        instant(rs, "expires_at"),
                        instant(rs, "created_at")))
                .list();
    }

    /**
     * One page of the live folders shared directly with the user (unexpired folder shares), as the rows of
     * {@code group} of a listing in the keyset's order: those after its position, at most {@code limit}.
     */
    List<FolderRecord> sharedWith(UUID user, Keyset keyset, int group, int limit) {
        String key = sortKey(keyset);
        return keyset.bind(jdbc.sql("""
                                SELECT d.id, d.owner_id, o.username AS owner_name, d.parent_id, d.name, d.version,
                                       d.created_at, d.updated_at, false AS owned, s.expires_at AS shared_until,
                                       NULL AS path
                                FROM folder_shares s
                                JOIN folders d ON d.id = s.folder_id
                                JOIN users o ON o.id = d.owner_id
                                WHERE s.grantee_id = :user AND (s.expires_at IS NULL OR s.expires_at > now())
                                  AND d.trashed_at IS NULL AND %s
                                ORDER BY %s LIMIT :limit
                                """.formatted(keyset.where(group, key, "d.id"), keyset.orderBy(key, "d.id"))))
                .param("user", user)
                .param("limit", limit)
                .query(FolderRepository::map)
                .list();
    }

    private static FolderRecord map(ResultSet rs, int row) throws SQLException {
        return new FolderRecord(
                rs.getObject("id", UUID.class),
                rs.getObject("owner_id", UUID.class),
                rs.getString("owner_name"),
                rs.getObject("parent_id", UUID.class),
                rs.getString("name"),
                rs.getLong("version"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                rs.getBoolean("owned"),
                instant(rs, "shared_until"),
                rs.getString("path"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
