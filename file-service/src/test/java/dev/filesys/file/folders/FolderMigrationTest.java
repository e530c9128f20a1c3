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
 * The folder migrations carry existing data over: a database migrated to V50 with users, files and shares, then
 * migrated to the end, has one root folder per user, every file in its owner's root folder under its old name, and
 * the shares as they were; and {@code folder_path}, rewritten in PL/pgSQL by V90, gives the paths the SQL version of
 * V89 gave (a root, folders at several depths, a trashed one, names with spaces and non-ASCII letters, and a folder
 * that does not exist). Runs the real migrations into a schema of its own.
 */
class FolderMigrationTest {

    private static final String SCHEMA = "folder_migration";

    private final MigrationSchema database = new MigrationSchema(SCHEMA);
    private final JdbcTemplate jdbc = database.jdbc();

    @AfterEach
    void dropSchema() {
        database.drop();
    }

    @Test
    void everyFileLandsInItsOwnersRootFolderWithItsNameAndShares() {
        database.drop();
        database.migrate("50");
        UUID alice = database.user("alice");
        UUID bob = database.user("bob");
        UUID carol = database.user("carol"); // no files at all
        jdbc.update("INSERT INTO " + SCHEMA + ".blobs (sha256, size, crc32c) VALUES (?, 3, 0)", "0".repeat(64));
        UUID report = database.file(alice, "report.pdf");
        UUID notes = database.file(alice, "notes.txt");
        UUID same = database.file(bob, "report.pdf"); // the same name, another owner
        jdbc.update(
                "INSERT INTO " + SCHEMA + ".shares (file_id, grantee_id, permission) VALUES (?, ?, 'read')",
                report,
                bob);

        database.migrate(null);

        Map<UUID, UUID> roots = new java.util.HashMap<>();
        jdbc.query("SELECT owner_id, id FROM " + SCHEMA + ".folders WHERE parent_id IS NULL", row -> {
            roots.put(row.getObject(1, UUID.class), row.getObject(2, UUID.class));
        });
        assertThat(roots).containsOnlyKeys(alice, bob, carol);
        for (UUID file : List.of(report, notes, same)) {
            Map<String, Object> row = jdbc.queryForMap(
                    "SELECT owner_id, folder_id, name, version, trashed_at FROM " + SCHEMA + ".files WHERE id = ?",
                    file);
            assertThat(row.get("folder_id")).isEqualTo(roots.get((UUID) row.get("owner_id")));
            assertThat(row.get("version")).isEqualTo(1L);
            assertThat(row.get("trashed_at")).isNull();
        }
        assertThat(jdbc.queryForList(
                        "SELECT name FROM " + SCHEMA + ".files WHERE owner_id = ? ORDER BY name", String.class, alice))
                .containsExactly("notes.txt", "report.pdf");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM " + SCHEMA + ".shares WHERE file_id = ? AND grantee_id = ?",
                        Long.class,
                        report,
                        bob))
                .isEqualTo(1);
    }

    @Test
    void folderPathRewrittenInPlpgsqlGivesThePathsTheSqlOneGave() {
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
