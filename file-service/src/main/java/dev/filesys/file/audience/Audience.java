package dev.filesys.file.audience;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The users who can read an item now: its owner; for a live item (not in the trash) also the users an unexpired
 * share of the file names, and those an unexpired folder share names on the item's folder or any folder above it (for a
 * folder: on the folder itself or above). One statement, a recursive walk up {@code folders.parent_id}, bounded by the
 * maximum depth.
 *
 * <p>An event about a change goes to the audience; a change that ends someone's access (a move out of a shared folder,
 * the trash) asks before the change, so that they hear of it once more. It reads {@code files}, {@code folders},
 * {@code shares} and {@code folder_shares} and writes nothing, in the caller's transaction.
 */
@Component
public class Audience {

    /** Deeper than any folder may be (64), so a walk up always reaches the root. */
    private static final int MAX_WALK = 65;

    private static final String UNEXPIRED = "(expires_at IS NULL OR expires_at > now())";

    private static final String FILE = """
            WITH RECURSIVE item AS (SELECT id, owner_id, folder_id, trashed_at FROM files WHERE id = :id),
            above (id, parent_id, depth) AS (
                SELECT d.id, d.parent_id, 1 FROM folders d JOIN item ON d.id = item.folder_id
                UNION ALL
                SELECT d.id, d.parent_id, above.depth + 1 FROM folders d JOIN above ON d.id = above.parent_id
                WHERE above.depth < :maxWalk)
            SELECT owner_id AS user_id, 0 AS rank FROM item
            UNION
            SELECT grantee_id, 1 FROM shares
            WHERE file_id = :id AND %1$s AND EXISTS (SELECT 1 FROM item WHERE trashed_at IS NULL)
            UNION
            SELECT grantee_id, 1 FROM folder_shares
            WHERE folder_id IN (SELECT id FROM above) AND %1$s AND EXISTS (SELECT 1 FROM item WHERE trashed_at IS NULL)
            ORDER BY rank, user_id
            """.formatted(UNEXPIRED);

    private static final String FOLDER = """
            WITH RECURSIVE item AS (SELECT id, owner_id, parent_id, trashed_at FROM folders WHERE id = :id),
            above (id, parent_id, depth) AS (
                SELECT id, parent_id, 1 FROM item
                UNION ALL
                SELECT d.id, d.parent_id, above.depth + 1 FROM folders d JOIN above ON d.id = above.parent_id
                WHERE above.depth < :maxWalk)
            SELECT owner_id AS user_id, 0 AS rank FROM item
            UNION
            SELECT grantee_id, 1 FROM folder_shares
            WHERE folder_id IN (SELECT id FROM above) AND %1$s AND EXISTS (SELECT 1 FROM item WHERE trashed_at IS NULL)
            ORDER BY rank, user_id
            """.formatted(UNEXPIRED);

    private final JdbcClient jdbc;

    Audience(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The users who can read the file now, the owner first, each once; empty when there is no such file.
     *
     * <p>A file's sharee who also holds a folder share appears once; a user who owns the file and was somehow granted
     * it too appears once, as the owner.
     */
    public List<UUID> ofFile(UUID fileId) {
        return query(FILE, fileId);
    }

    /** The users who can read the folder (and so everything live in it) now, the owner first; empty when none. */
    public List<UUID> ofFolder(UUID folderId) {
        return query(FOLDER, folderId);
    }

    private List<UUID> query(String sql, UUID id) {
        return jdbc
                .sql(sql)
                .param("id", id)
                .param("maxWalk", MAX_WALK)
                .query((rs, row) -> rs.getObject("user_id", UUID.class))
                .list()
                .stream()
                .distinct()
                .toList();
    }
}
