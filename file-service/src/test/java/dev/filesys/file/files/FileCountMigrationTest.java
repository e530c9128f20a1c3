package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.TestDatabase;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The migration that adds {@code storage_usage.file_count} counts what users already have: their files plus their
 * unfinished resumable uploads, also for a user without a usage row yet. Runs the real migrations into a schema of its
 * own, stops before that one, writes rows, then migrates to the end.
 */
class FileCountMigrationTest {

    private static final String SCHEMA = "file_count_migration";

    private final DriverManagerDataSource dataSource = dataSource();
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);

    @AfterEach
    void dropSchema() {
        jdbc.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    @Test
    void existingFilesAndUnfinishedUploadsAreCounted() {
        jdbc.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        flyway("45").migrate();
        UUID alice = user("alice");
        UUID bob = user("bob");
        UUID carol = user("carol");
        jdbc.update("INSERT INTO " + SCHEMA + ".blobs (sha256, size, crc32c) VALUES (?, 0, 0)", "0".repeat(64));
        for (int i = 0; i < 3; i++) {
            file(alice, "a" + i);
        }
        file(bob, "b");
        upload(alice, null);
        upload(alice, file(alice, "done")); // a completed upload: its place is its file's
        upload(carol, null); // carol has no usage row yet
        jdbc.update("INSERT INTO " + SCHEMA + ".storage_usage (user_id, used_bytes) VALUES (?, 0), (?, 0)", alice, bob);

        flyway(null).migrate();

        Map<UUID, Long> counts = new java.util.HashMap<>();
        jdbc.query("SELECT user_id, file_count FROM " + SCHEMA + ".storage_usage", row -> {
            counts.put(row.getObject(1, UUID.class), row.getLong(2));
        });
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(alice, 5L, bob, 1L, carol, 1L));
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

    private void upload(UUID owner, UUID completedAs) {
        jdbc.update(
                "INSERT INTO " + SCHEMA + ".uploads (id, owner_id, name, content_type, overwrite, length, expires_at,"
                        + " completed_at, file_id) VALUES (?, ?, 'u', 'text/plain', false, 10, now() + interval '1 day',"
                        + " ?, ?)",
                UUID.randomUUID(),
                owner,
                completedAs == null ? null : java.sql.Timestamp.from(java.time.Instant.now()),
                completedAs);
    }

    private static DriverManagerDataSource dataSource() {
        TestDatabase.Coordinates database = TestDatabase.coordinates();
        return new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
    }
}
