package dev.filesys.file.folders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The folder migrations carry existing data over: a database migrated to V50 with users, files and shares, then
 * migrated to the end, has one root folder per user, every file in its owner's root folder under its old name, and
 * the shares as they were. Runs the real migrations into a schema of its own.
 */
class FolderMigrationTest {

    private static final String SCHEMA = "folder_migration";

    private final DriverManagerDataSource dataSource = dataSource();
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);

    @AfterEach
    void dropSchema() {
        jdbc.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    @Test
    void everyFileLandsInItsOwnersRootFolderWithItsNameAndShares() {
        jdbc.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        flyway("50").migrate();
        UUID alice = user("alice");
        UUID bob = user("bob");
        UUID carol = user("carol"); // no files at all
        jdbc.update("INSERT INTO " + SCHEMA + ".blobs (sha256, size, crc32c) VALUES (?, 3, 0)", "0".repeat(64));
        UUID report = file(alice, "report.pdf");
        UUID notes = file(alice, "notes.txt");
        UUID same = file(bob, "report.pdf"); // the same name, another owner
        jdbc.update(
                "INSERT INTO " + SCHEMA + ".shares (file_id, grantee_id, permission) VALUES (?, ?, 'read')",
                report,
                bob);

        flyway(null).migrate();

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

    private Flyway flyway(String target) {
        var configuration =
                Flyway.configure().dataSource(dataSource).schemas(SCHEMA).locations("classpath:db/migration");
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }

    private UUID user(String name) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO " + SCHEMA + ".users (id, username, password_hash, created_at) VALUES (?, ?, ?, now())",
                id,
                name,
                "{test}x");
        return id;
    }

    private UUID file(UUID owner, String name) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO " + SCHEMA + ".files (id, owner_id, name, blob_sha256, content_type)"
                        + " VALUES (?, ?, ?, ?, 'text/plain')",
                id,
                owner,
                name,
                "0".repeat(64));
        return id;
    }

    private static DriverManagerDataSource dataSource() {
        TestDatabase.Coordinates database = TestDatabase.coordinates();
        return new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
    }
}
