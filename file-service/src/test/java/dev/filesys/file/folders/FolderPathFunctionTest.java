package dev.filesys.file.folders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.MigrationSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code folder_path} answers as it did before it was rewritten in PL/pgSQL (V90): for a root folder, folders at
 * several depths, a trashed one, names with spaces and non-ASCII letters, and a folder that does not exist, the paths
 * of the SQL version (V89) and of the new one are the same, and are the paths people see.
 */
class FolderPathFunctionTest {

    private static final String SCHEMA = "folder_path_function";

    private final MigrationSchema database = new MigrationSchema(SCHEMA);
    private final JdbcTemplate jdbc = database.jdbc();

    @AfterEach
    void dropSchema() {
        database.drop();
    }

    @Test
    void theRewrittenFunctionGivesThePathsTheSqlOneGave() {
        database.drop();
        database.migrate("89");
        List<UUID> asked = inSchema(connection -> {
            // a user's row brings its root folder (a trigger, which finds folders on the search path)
            UUID alice = UUID.randomUUID();
            update(
                    connection,
                    "INSERT INTO users (id, username, password_hash, created_at) VALUES (?, 'alice', '{test}x', now())",
                    alice);
            UUID root;
            try (PreparedStatement statement =
                    connection.prepareStatement("SELECT id FROM folders WHERE owner_id = ? AND parent_id IS NULL")) {
                statement.setObject(1, alice);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    root = row.getObject(1, UUID.class);
                }
            }
            UUID reports = folder(connection, alice, root, "reports");
            UUID year = folder(connection, alice, reports, "2026");
            UUID deep = folder(connection, alice, year, "Q4 – höhere Zahlen");
            UUID trashed = folder(connection, alice, reports, "old");
            update(connection, "UPDATE folders SET trashed_at = now(), trash_root_id = id WHERE id = ?", trashed);
            return List.of(root, reports, year, deep, trashed, UUID.randomUUID());
        });

        Map<UUID, String> before = paths(asked);
        database.migrate(null);
        Map<UUID, String> after = paths(asked);

        assertThat(after).isEqualTo(before);
        assertThat(new ArrayList<>(after.values()))
                .containsExactly(
                        "/", "/reports", "/reports/2026", "/reports/2026/Q4 – höhere Zahlen", "/reports/old", null);
    }

    /** Each folder's path, asked one statement at a time, as the service asks. */
    private Map<UUID, String> paths(List<UUID> folders) {
        return inSchema(connection -> {
            Map<UUID, String> paths = new LinkedHashMap<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT folder_path(?)")) {
                for (UUID folder : folders) {
                    statement.setObject(1, folder);
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        paths.put(folder, row.getString(1));
                    }
                }
            }
            return paths;
        });
    }

    /** Runs on one connection with the test's schema on the search path, as the service's schema is on its own. */
    private <T> T inSchema(ConnectionCallback<T> work) {
        return jdbc.execute((ConnectionCallback<T>) connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET search_path TO " + SCHEMA);
            }
            return work.doInConnection(connection);
        });
    }

    private static UUID folder(Connection connection, UUID owner, UUID parent, String name) throws SQLException {
        UUID id = UUID.randomUUID();
        update(
                connection,
                "INSERT INTO folders (id, owner_id, parent_id, name) VALUES (?, ?, ?, ?)",
                id,
                owner,
                parent,
                name);
        return id;
    }

    private static void update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }
}
