package dev.filesys.file.links;

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

/** The {@code links} and {@code link_downloads} rows. */
@Repository
class LinkRepository {

    private static final String COLUMNS = "id, owner_id, file_id, folder_id, label, password_hash, expires_at,"
            + " max_downloads, downloads, created_at, revoked_at";

    /** What a usable link is at :now, in SQL: as {@link Link#usable}. */
    private static final String USABLE =
            "revoked_at IS NULL AND expires_at > :now" + " AND (max_downloads IS NULL OR downloads < max_downloads)";

    private final JdbcClient jdbc;

    LinkRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Link link, byte[] tokenSha256) {
        jdbc.sql("""
                        INSERT INTO links (id, owner_id, file_id, folder_id, token_sha256, label, password_hash,
                                           expires_at, max_downloads, downloads, created_at)
                        VALUES (:id, :owner, :file, :folder, :token, :label, :password, :expires, :max, 0, :created)
                        """)
                .param("id", link.id())
                .param("owner", link.ownerId())
                .param("file", link.fileId())
                .param("folder", link.folderId())
                .param("token", tokenSha256)
                .param("label", link.label())
                .param("password", link.passwordHash())
                .param("expires", Timestamp.from(link.expiresAt()))
                .param("max", link.maxDownloads())
                .param("created", Timestamp.from(link.createdAt()))
                .update();
    }

    Optional<Link> findByToken(byte[] tokenSha256) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM links WHERE token_sha256 = :token")
                .param("token", tokenSha256)
                .query(LinkRepository::map)
                .optional();
    }

    Optional<Link> findOwned(UUID owner, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM links WHERE id = :id AND owner_id = :owner")
                .param("id", id)
                .param("owner", owner)
                .query(LinkRepository::map)
                .optional();
    }

    /** The owner's links, newest first, after the link {@code after} (or from the newest). */
    List<Link> page(UUID owner, @Nullable UUID after, int limit) {
        String keyset = after == null
                ? ""
                : " AND (created_at, id) < (SELECT created_at, id FROM links WHERE id = :after AND owner_id = :owner)";
        var sql = jdbc.sql("SELECT " + COLUMNS + " FROM links WHERE owner_id = :owner" + keyset
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .param("owner", owner)
                .param("limit", limit);
        if (after != null) {
            sql = sql.param("after", after);
        }
        return sql.query(LinkRepository::map).list();
    }

    /** Writes the changeable fields of an unrevoked link; empty when it is not the owner's or is revoked. */
    Optional<Link> update(Link link) {
        return jdbc.sql("UPDATE links SET label = :label, password_hash = :password, expires_at = :expires,"
                        + " max_downloads = :max WHERE id = :id AND owner_id = :owner AND revoked_at IS NULL"
                        + " RETURNING " + COLUMNS)
                .param("label", link.label())
                .param("password", link.passwordHash())
                .param("expires", Timestamp.from(link.expiresAt()))
                .param("max", link.maxDownloads())
                .param("id", link.id())
                .param("owner", link.ownerId())
                .query(LinkRepository::map)
                .optional();
    }

    /** Revokes the owner's link (once: a revoked link keeps its first revocation time); whether it is theirs. */
    boolean revoke(UUID owner, UUID id, Instant now) {
        return jdbc.sql("UPDATE links SET revoked_at = coalesce(revoked_at, :now) WHERE id = :id AND owner_id = :owner")
                        .param("now", Timestamp.from(now))
                        .param("id", id)
                        .param("owner", owner)
                        .update()
                > 0;
    }

    /**
     * Counts one download if the link is still usable: one conditional UPDATE, so concurrent downloads are decided by
     * the row lock and never pass the limit.
     *
     * @return the count after this download, or empty when the link is no longer usable
     */
    Optional<Integer> countDownload(UUID id, Instant now) {
        return jdbc.sql("UPDATE links SET downloads = downloads + 1 WHERE id = :id AND " + USABLE
                        + " RETURNING downloads")
                .param("id", id)
                .param("now", Timestamp.from(now))
                .query(Integer.class)
                .optional();
    }

    void recordDownload(UUID linkId, DownloadView download) {
        jdbc.sql("""
                        INSERT INTO link_downloads (link_id, file_id, file_name, client_address, bytes, downloaded_at)
                        VALUES (:link, :file, :name, :address, :bytes, :at)
                        """)
                .param("link", linkId)
                .param("file", download.fileId())
                .param("name", download.fileName())
                .param("address", download.clientAddress())
                .param("bytes", download.bytes())
                .param("at", Timestamp.from(download.downloadedAt()))
                .update();
    }

    /** A link's downloads, newest first, older than the one numbered {@code before} (or from the newest). */
    List<DownloadView> downloads(UUID linkId, @Nullable Long before, int limit) {
        return jdbc.sql("""
                        SELECT id, file_id, file_name, client_address, bytes, downloaded_at FROM link_downloads
                        WHERE link_id = :link AND id < :before ORDER BY id DESC LIMIT :limit
                        """)
                .param("link", linkId)
                .param("before", before == null ? Long.MAX_VALUE : before)
                .param("limit", limit)
                .query((rs, row) -> new DownloadView(
                        rs.getLong("id"),
                        instant(rs, "downloaded_at"),
                        rs.getObject("file_id", UUID.class),
                        rs.getString("file_name"),
                        rs.getString("client_address"),
                        rs.getLong("bytes")))
                .list();
    }

    private static Link map(ResultSet rs, int row) throws SQLException {
        return new Link(
                rs.getObject("id", UUID.class),
                rs.getObject("owner_id", UUID.class),
                rs.getObject("file_id", UUID.class),
                rs.getObject("folder_id", UUID.class),
                rs.getString("label"),
                rs.getString("password_hash"),
                instant(rs, "expires_at"),
                rs.getObject("max_downloads", Integer.class),
                rs.getInt("downloads"),
                instant(rs, "created_at"),
                rs.getObject("revoked_at") == null ? null : instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
