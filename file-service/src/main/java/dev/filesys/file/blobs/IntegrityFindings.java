package dev.filesys.file.blobs;

import dev.filesys.file.blobs.IntegrityFinding.AffectedFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code blob_integrity_findings} table: what the scrubber and fsck found, and the report read from it. */
@Repository
class IntegrityFindings {

    /** The most findings one report lists, newest first. */
    static final int REPORT_LIMIT = 1000;

    private final JdbcClient jdbc;

    IntegrityFindings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(String sha256, String kind, String detail, String foundBy) {
        jdbc.sql("""
                        INSERT INTO blob_integrity_findings (sha256, kind, detail, found_by)
                        VALUES (:sha256, :kind, :detail, :foundBy)
                        ON CONFLICT (sha256, kind) DO UPDATE
                            SET detail = EXCLUDED.detail, found_by = EXCLUDED.found_by, found_at = now()
                        """)
                .param("sha256", sha256)
                .param("kind", kind)
                .param("detail", detail)
                .param("foundBy", foundBy)
                .update();
    }

    /** How many files (current contents and versions) the blob is. */
    int filesOf(String sha256) {
        return jdbc.sql("""
                        SELECT (SELECT count(*) FROM files WHERE blob_sha256 = :sha256)
                             + (SELECT count(*) FROM file_versions WHERE blob_sha256 = :sha256)
                        """).param("sha256", sha256).query(Integer.class).single();
    }

    List<IntegrityFinding> report() {
        record Row(String sha256, String kind, String state, String detail, String foundBy, java.time.Instant at) {}
        List<Row> rows = jdbc.sql("""
                        SELECT f.sha256, f.kind, f.detail, f.found_by, f.found_at,
                               CASE WHEN b.sha256 IS NULL THEN 'REMOVED'
                                    WHEN f.kind = 'MISSING' THEN 'MISSING'
                                    WHEN b.quarantined_at IS NOT NULL THEN 'QUARANTINED'
                                    ELSE 'HEALED' END AS state
                        FROM blob_integrity_findings f LEFT JOIN blobs b ON b.sha256 = f.sha256
                        ORDER BY f.found_at DESC, f.sha256
                        LIMIT :limit
                        """)
                .param("limit", REPORT_LIMIT)
                .query((rs, n) -> new Row(
                        rs.getString("sha256"),
                        rs.getString("kind"),
                        rs.getString("state"),
                        rs.getString("detail"),
                        rs.getString("found_by"),
                        rs.getTimestamp("found_at").toInstant()))
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<AffectedFile>> affected = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT a.sha256, fi.id, fi.name, u.id AS owner_id, u.username, a.current_content
                        FROM (SELECT blob_sha256 AS sha256, id AS file_id, true AS current_content
                                FROM files WHERE blob_sha256 = ANY(:digests)
                              UNION
                              SELECT blob_sha256, file_id, false
                                FROM file_versions WHERE blob_sha256 = ANY(:digests)) a
                        JOIN files fi ON fi.id = a.file_id
                        JOIN users u ON u.id = fi.owner_id
                        ORDER BY u.username, fi.name, a.current_content DESC
                        """)
                .param("digests", rows.stream().map(Row::sha256).distinct().toArray(String[]::new))
                .query(rs -> {
                    affected.computeIfAbsent(rs.getString("sha256"), k -> new ArrayList<>())
                            .add(new AffectedFile(
                                    rs.getObject("id", java.util.UUID.class),
                                    rs.getString("name"),
                                    rs.getObject("owner_id", java.util.UUID.class),
                                    rs.getString("username"),
                                    rs.getBoolean("current_content")));
                });
        return rows.stream()
                .map(r -> new IntegrityFinding(
                        r.sha256(),
                        r.kind(),
                        r.state(),
                        r.detail(),
                        r.foundBy(),
                        r.at(),
                        List.copyOf(affected.getOrDefault(r.sha256(), List.of()))))
                .toList();
    }
}
