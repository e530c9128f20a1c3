package dev.filesys.file.uploads;

import java.sql.ResultSet;
import java.sql.SQLException;
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
 * The {@code uploads} and {@code upload_chunks} rows. Every request that may write bytes first bumps the upload's
 * generation; a request commits its bytes only if the offset and the generation are still what it started with, so the
 * latest request wins and an older one that was still trickling in is discarded, on whichever instance it runs.
 */
@Repository
class UploadRepository {

    private static final String COLUMNS = """
            id, owner_id, name, content_type, overwrite, length, upload_offset, generation, expires_at, completed_at,
            file_id, folder_id, if_match
            """;

    private final JdbcClient jdbc;

    UploadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    UploadRecord insert(
            UUID id,
            UUID owner,
            @Nullable UUID folder,
            String name,
            String contentType,
            boolean overwrite,
            long length,
            @Nullable String ifMatch,
            Duration expiration) {
        return jdbc.sql("""
                        INSERT INTO uploads
                            (id, owner_id, folder_id, name, content_type, overwrite, length, if_match, expires_at)
                        VALUES (:id, :owner, :folder, :name, :contentType, :overwrite, :length, :ifMatch,
                                now() + make_interval(secs => :expiration))
                        RETURNING
                        """ + COLUMNS)
                .param("id", id)
                .param("owner", owner)
                .param("folder", folder)
                .param("name", name)
                .param("contentType", contentType)
                .param("overwrite", overwrite)
                .param("length", length)
                .param("ifMatch", ifMatch)
                .param("expiration", seconds(expiration))
                .query(UploadRepository::map)
                .single();
    }

    Optional<UploadRecord> find(UUID owner, UUID id) {
        return find(owner, id, "");
    }

    Optional<UploadRecord> findForUpdate(UUID owner, UUID id) {
        return find(owner, id, " FOR UPDATE");
    }

    private Optional<UploadRecord> find(UUID owner, UUID id, String lock) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM uploads WHERE id = :id AND owner_id = :owner" + lock)
                .param("id", id)
                .param("owner", owner)
                .query(UploadRepository::map)
                .optional();
    }

    /** Supersedes every request in flight for an unfinished upload; returns the upload as it now is. */
    Optional<UploadRecord> supersede(UUID owner, UUID id) {
        return jdbc.sql("""
                        UPDATE uploads SET generation = generation + 1
                        WHERE id = :id AND owner_id = :owner AND completed_at IS NULL
                        RETURNING
                        """ + COLUMNS)
                .param("id", id)
                .param("owner", owner)
                .query(UploadRepository::map)
                .optional();
    }

    /**
     * Starts a PATCH at {@code offset}: supersedes earlier requests and extends the expiry, if the upload is live and
     * at that offset; empty otherwise.
     */
    Optional<UploadRecord> beginPatch(UUID owner, UUID id, long offset, Duration expiration) {
        return jdbc.sql("""
                        UPDATE uploads
                        SET generation = generation + 1, expires_at = now() + make_interval(secs => :expiration)
                        WHERE id = :id AND owner_id = :owner AND completed_at IS NULL AND expires_at > now()
                          AND upload_offset = :offset
                        RETURNING
                        """ + COLUMNS)
                .param("id", id)
                .param("owner", owner)
                .param("offset", offset)
                .param("expiration", seconds(expiration))
                .query(UploadRepository::map)
                .optional();
    }

    /**
     * Counts a chunk of {@code length} bytes at {@code offset}, if no later request superseded the one of
     * {@code generation}; returns whether it counted.
     */
    boolean commitChunk(UUID id, long offset, long generation, long length) {
        int updated = jdbc.sql("""
                        UPDATE uploads SET upload_offset = upload_offset + :length
                        WHERE id = :id AND upload_offset = :offset AND generation = :generation
                          AND completed_at IS NULL
                        """)
                .param("id", id)
                .param("offset", offset)
                .param("generation", generation)
                .param("length", length)
                .update();
        if (updated == 0) {
            return false;
        }
        jdbc.sql("""
                        INSERT INTO upload_chunks (upload_id, start_offset, length, generation)
                        VALUES (:id, :offset, :length, :generation)
                        """)
                .param("id", id)
                .param("offset", offset)
                .param("length", length)
                .param("generation", generation)
                .update();
        return true;
    }

    List<ChunkStore.Chunk> chunks(UUID id) {
        return jdbc.sql("SELECT generation, length FROM upload_chunks WHERE upload_id = :id ORDER BY start_offset")
                .param("id", id)
                .query((rs, row) -> new ChunkStore.Chunk(rs.getLong("generation"), rs.getLong("length")))
                .list();
    }

    void markCompleted(UUID id, UUID fileId) {
        jdbc.sql("""
                        UPDATE uploads SET upload_offset = length, completed_at = now(), file_id = :file
                        WHERE id = :id
                        """).param("id", id).param("file", fileId).update();
        jdbc.sql("DELETE FROM upload_chunks WHERE upload_id = :id")
                .param("id", id)
                .update();
    }

    void delete(UUID id) {
        jdbc.sql("DELETE FROM uploads WHERE id = :id").param("id", id).update();
    }

    /** Uploads past their expiry (finished ones are kept until then too, so a client can still ask about them). */
    List<UUID> expired(int limit) {
        return jdbc.sql("SELECT id FROM uploads WHERE expires_at < now() ORDER BY expires_at LIMIT :limit")
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    /** An expired upload, locked, unless another sweeper has it. */
    Optional<UploadRecord> lockExpired(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM uploads WHERE id = :id AND expires_at < now()"
                        + " FOR UPDATE SKIP LOCKED")
                .param("id", id)
                .query(UploadRepository::map)
                .optional();
    }

    boolean exists(UUID id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM uploads WHERE id = :id)")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }

    private static UploadRecord map(ResultSet rs, int row) throws SQLException {
        return new UploadRecord(
                rs.getObject("id", UUID.class),
                rs.getObject("owner_id", UUID.class),
                rs.getString("name"),
                rs.getString("content_type"),
                rs.getBoolean("overwrite"),
                rs.getLong("length"),
                rs.getLong("upload_offset"),
                rs.getLong("generation"),
                instant(rs, "expires_at"),
                instant(rs, "completed_at"),
                rs.getObject("file_id", UUID.class),
                rs.getObject("folder_id", UUID.class),
                rs.getString("if_match"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
