package dev.filesys.file.files;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The files and folders as a public link reaches them: only live rows (none in the trash), a folder's contents found
 * by walking {@code folders.parent_id}, so a file put under a linked folder later is reachable at once and one moved
 * out or trashed is not.
 */
@Repository
class LinkedFiles {

    private static final String LIVE_FILE = """
            SELECT f.id, f.owner_id, o.username AS owner_name, f.name, f.blob_sha256, b.size, b.crc32c,
                   b.quarantined_at IS NOT NULL AS quarantined, f.content_type, f.created_at, f.updated_at,
                   true AS owned, NULL::timestamptz AS shared_until, f.folder_id, f.version,
                   folder_path(f.folder_id) AS folder_path
            FROM files f
            JOIN blobs b ON b.sha256 = f.blob_sha256
            JOIN users o ON o.id = f.owner_id
            WHERE f.id = :file AND f.trashed_at IS NULL
            """;

    private final JdbcClient jdbc;

    LinkedFiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> ownedFileName(UUID owner, UUID fileId) {
        return jdbc.sql("SELECT name FROM files WHERE id = :id AND owner_id = :owner AND trashed_at IS NULL")
                .param("id", fileId)
                .param("owner", owner)
                .query(String.class)
                .optional();
    }

    Optional<String> ownedFolderName(UUID owner, UUID folderId) {
        return jdbc.sql("SELECT name FROM folders WHERE id = :id AND owner_id = :owner AND trashed_at IS NULL")
                .param("id", folderId)
                .param("owner", owner)
                .query(String.class)
                .optional();
    }

    Optional<FileRecord> liveFile(UUID fileId) {
        return jdbc.sql(LIVE_FILE)
                .param("file", fileId)
                .query(FileRepository::map)
                .optional();
    }

    /** Whether the live file lies under the live folder: every folder on the way up to it is live too. */
    boolean isUnder(UUID fileId, UUID folderId) {
        return jdbc.sql("""
                        WITH RECURSIVE up (id, parent_id) AS (
                            SELECT d.id, d.parent_id FROM files f JOIN folders d ON d.id = f.folder_id
                            WHERE f.id = :file AND f.trashed_at IS NULL AND d.trashed_at IS NULL
                          UNION ALL
                            SELECT p.id, p.parent_id FROM up JOIN folders p ON p.id = up.parent_id
                            WHERE up.id <> :folder AND p.trashed_at IS NULL
                        )
                        SELECT EXISTS (SELECT 1 FROM up WHERE id = :folder)
                        """)
                .param("file", fileId)
                .param("folder", folderId)
                .query(Boolean.class)
                .single();
    }

    /** The live files under the live folder, at any depth, by path (byte order) after {@code after}. */
    List<LinkedContent.Item> listUnder(UUID folderId, String after, int limit) {
        return jdbc.sql("""
                        WITH RECURSIVE tree (id, path) AS (
                            SELECT id, ''::text FROM folders WHERE id = :folder AND trashed_at IS NULL
                          UNION ALL
                            SELECT c.id, tree.path || c.name || '/' FROM tree JOIN folders c ON c.parent_id = tree.id
                            WHERE c.trashed_at IS NULL
                        )
                        SELECT f.id, tree.path || f.name AS path, b.size, f.content_type, f.updated_at
                        FROM tree
                        JOIN files f ON f.folder_id = tree.id AND f.trashed_at IS NULL
                        JOIN blobs b ON b.sha256 = f.blob_sha256
                        WHERE (tree.path || f.name) COLLATE "C" > :after COLLATE "C"
                        ORDER BY (tree.path || f.name) COLLATE "C"
                        LIMIT :limit
                        """)
                .param("folder", folderId)
                .param("after", after)
                .param("limit", limit)
                .query((rs, row) -> new LinkedContent.Item(
                        rs.getObject("id", UUID.class),
                        rs.getString("path"),
                        rs.getLong("size"),
                        rs.getString("content_type"),
                        FileRepository.instant(rs, "updated_at")))
                .list();
    }
}
