package dev.filesys.file.shares;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code shares} table: one row per file and grantee, written and deleted in single statements. */
@Repository
class ShareRepository {

    private final JdbcClient jdbc;

    ShareRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the share, or updates the permission and expiry of the one there is. */
    ShareService.Granted upsert(
            UUID fileId, UUID granteeId, String granteeName, String permission, @Nullable Instant expiresAt) {
        return jdbc.sql("""
                        INSERT INTO shares (file_id, grantee_id, permission, expires_at)
                        VALUES (:file, :grantee, :permission, :expiresAt)
                        ON CONFLICT (file_id, grantee_id)
                        DO UPDATE SET permission = EXCLUDED.permission, expires_at = EXCLUDED.expires_at
                        RETURNING created_at, xmax = 0 AS inserted
                        """)
                .param("file", fileId)
                .param("grantee", granteeId)
                .param("permission", permission)
                .param("expiresAt", expiresAt == null ? null : Timestamp.from(expiresAt))
                .query((rs, row) -> new ShareService.Granted(
                        new ShareView(
                                fileId,
                                granteeName,
                                permission,
                                expiresAt,
                                rs.getObject("created_at", OffsetDateTime.class).toInstant()),
                        rs.getBoolean("inserted")))
                .single();
    }

    /** Deletes the share; returns whether it existed and had not expired (whether it still gave access). */
    boolean delete(UUID fileId, UUID granteeId) {
        return jdbc.sql("""
                        DELETE FROM shares WHERE file_id = :file AND grantee_id = :grantee
                        RETURNING (expires_at IS NULL OR expires_at > now()) AS active
                        """)
                .param("file", fileId)
                .param("grantee", granteeId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** Deletes shares that expired before {@code cutoff}. */
    int deleteExpiredBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM shares WHERE expires_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff))
                .update();
    }
}
