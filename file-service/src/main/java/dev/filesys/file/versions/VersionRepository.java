package dev.filesys.file.versions;

import dev.filesys.file.paging.Keyset;
import dev.filesys.file.paging.SortField;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code file_versions} rows: written by the files feature's overwrites, read, restored and removed here. */
@Repository
class VersionRepository {

    private static final String SELECT = """
            SELECT v.id, v.file_id, v.blob_sha256, b.size, b.crc32c, b.quarantined_at IS NOT NULL AS quarantined,
                   v.content_type, v.created_at, u.username AS created_by, v.replaced_at
            FROM file_versions v
            JOIN blobs b ON b.sha256 = v.blob_sha256
            LEFT JOIN users u ON u.id = v.created_by
            """;

    private final JdbcClient jdbc;

    VersionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Up to {@code limit} of a file's versions after the keyset's position, in its order (by {@code replaced_at}: an
     * index range scan on {@code file_versions_file}), never an offset.
     */
    List<VersionRecord> list(UUID fileId, Keyset keyset, int limit) {
        SortField field = keyset.sort().field();
        String key = field == SortField.SIZE ? "b.size" : field.column("v");
        return keyset.bind(jdbc.sql(SELECT + "WHERE v.file_id = :file AND " + keyset.where(0, key, "v.id")
                        + " ORDER BY " + keyset.orderBy(key, "v.id") + " LIMIT :limit"))
                .param("file", fileId)
                .param("limit", limit)
                .query(VersionRepository::map)
                .list();
    }

    /** A version of that file. */
    Optional<VersionRecord> find(UUID fileId, UUID versionId) {
        return find(fileId, versionId, "");
    }

    /** As {@link #find}, locking the version's row until the transaction ends, so retention cannot remove it. */
    Optional<VersionRecord> findForUpdate(UUID fileId, UUID versionId) {
        return find(fileId, versionId, " FOR UPDATE OF v");
    }

    private Optional<VersionRecord> find(UUID fileId, UUID versionId, String lock) {
        return jdbc.sql(SELECT + "WHERE v.file_id = :file AND v.id = :id" + lock)
                .param("file", fileId)
                .param("id", versionId)
                .query(VersionRepository::map)
                .optional();
    }

    /** What one retention pass removed from one owner: the bytes to give back and the blobs no longer referenced here. */
    record Removed(UUID ownerId, long bytes, int versions, List<String> blobs) {}

    /**
     * Removes up to {@code batch} versions past retention (beyond the newest {@code maxCount} of their file, or
     * replaced more than {@code maxAge} ago), in the caller's transaction; returns what went, per owner.
     */
    List<Removed> removePastRetention(int maxCount, Duration maxAge, int batch) {
        return jdbc.sql("""
                        WITH ranked AS (
                            SELECT v.id, v.replaced_at,
                                   row_number() OVER (PARTITION BY v.file_id ORDER BY v.replaced_at DESC, v.id DESC) AS n
                            FROM file_versions v),
                        doomed AS (
                            SELECT id FROM ranked
                            WHERE n > :maxCount OR replaced_at < now() - make_interval(secs => :maxAge)
                            LIMIT :batch),
                        gone AS (
                            DELETE FROM file_versions v USING doomed d
                            WHERE v.id = d.id
                            RETURNING v.file_id, v.blob_sha256)
                        SELECT f.owner_id, sum(b.size) AS bytes, count(*) AS versions,
                               array_agg(DISTINCT g.blob_sha256) AS blobs
                        FROM gone g
                        JOIN files f ON f.id = g.file_id
                        JOIN blobs b ON b.sha256 = g.blob_sha256
                        GROUP BY f.owner_id
                        ORDER BY f.owner_id
                        """)
                .param("maxCount", maxCount)
                .param("maxAge", maxAge.toMillis() / 1000.0)
                .param("batch", batch)
                .query((rs, row) -> new Removed(
                        rs.getObject("owner_id", UUID.class),
                        rs.getLong("bytes"),
                        rs.getInt("versions"),
                        List.of((String[]) rs.getArray("blobs").getArray())))
                .list();
    }

    private static VersionRecord map(ResultSet rs, int row) throws SQLException {
        return new VersionRecord(
                rs.getObject("id", UUID.class),
                rs.getObject("file_id", UUID.class),
                rs.getString("blob_sha256"),
                rs.getLong("size"),
                rs.getLong("crc32c"),
                rs.getBoolean("quarantined"),
                rs.getString("content_type"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("created_by"),
                rs.getObject("replaced_at", OffsetDateTime.class).toInstant());
    }
}
