package dev.filesys.file.folders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.MigrationSchema;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The folder migrations carry existing data over: a database migrated to V50 with users, files and shares, then
 * migrated to the end, has one root folder per user, every file in its owner's root folder under its old name, and
 * the shares as they were. Runs the real migrations into a schema of its own.
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
}
