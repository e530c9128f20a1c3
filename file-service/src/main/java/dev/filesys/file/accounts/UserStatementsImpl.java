package dev.filesys.file.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@link UserStatements} of {@link UserRepository}, through {@link JdbcClient}. */
class UserStatementsImpl implements UserStatements {

    private final JdbcClient jdbc;

    UserStatementsImpl(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<UserSummary> page(@Nullable String prefix, @Nullable String after, int limit) {
        return jdbc.sql("""
                        SELECT id, username, role, disabled_at, must_change_password, quota_bytes, created_at,
                               last_login_at
                        FROM users
                        WHERE (CAST(:prefix AS text) IS NULL OR username LIKE :pattern ESCAPE '\\')
                          AND (CAST(:after AS text) IS NULL OR username > :after)
                        ORDER BY username
                        LIMIT :limit
                        """)
                .param("prefix", prefix)
                .param("pattern", prefix == null ? "" : likePrefix(prefix))
                .param("after", after)
                .param("limit", limit)
                .query(UserStatementsImpl::map)
                .list();
    }

    @Override
    public void deleteRow(UUID userId) {
        jdbc.sql("DELETE FROM users WHERE id = :id").param("id", userId).update();
    }

    private static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    static UserSummary map(ResultSet rs, int row) throws SQLException {
        Long quota = rs.getObject("quota_bytes", Long.class);
        return new UserSummary(
                rs.getObject("id", UUID.class),
                rs.getString("username"),
                rs.getString("role"),
                instant(rs.getObject("disabled_at", OffsetDateTime.class)),
                rs.getBoolean("must_change_password"),
                quota,
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                instant(rs.getObject("last_login_at", OffsetDateTime.class)));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
