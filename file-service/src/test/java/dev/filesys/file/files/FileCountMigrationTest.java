package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.MigrationSchema;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The migration that adds {@code storage_usage.file_count} counts what users already have: their files plus their
 * unfinished resumable uploads, also for a user without a usage row yet. Runs the real migrations into a schema of its
 * own, stops before that one, writes rows, then migrates to the end.
 */
class FileCountMigrationTest {

    private static final String SCHEMA = "file_count_migration";

    private final MigrationSchema database = new MigrationSchema(SCHEMA);
    private final JdbcTemplate jdbc = database.jdbc();

    @AfterEach
    void dropSchema() {
        database.drop();
    }

    @Test
    void existingFilesAndUnfinishedUploadsAreCounted() {
        database.drop();
        database.migrate("45");
        UUID alice = database.user("alice");
        UUID bob = database.user("bob");
        UUID carol = database.user("carol");
        jdbc.update("INSERT INTO " + SCHEMA + ".blobs (sha256, size, crc32c) VALUES (?, 0, 0)", "0".repeat(64));
        for (int i = 0; i < 3; i++) {
            database.file(alice, "a" + i);
        }
        database.file(bob, "b");
        upload(alice, null);
        upload(alice, database.file(alice, "done")); // a completed upload: its place is its file's
        upload(carol, null); // carol has no usage row yet
        jdbc.update("INSERT INTO " + SCHEMA + ".storage_usage (user_id, used_bytes) VALUES (?, 0), (?, 0)", alice, bob);

        database.migrate(null);

        Map<UUID, Long> counts = new HashMap<>();
        jdbc.query("SELECT user_id, file_count FROM " + SCHEMA + ".storage_usage", row -> {
            counts.put(row.getObject(1, UUID.class), row.getLong(2));
        });
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(alice, 5L, bob, 1L, carol, 1L));
    }

    private void upload(UUID owner, UUID completedAs) {
        jdbc.update(
                "INSERT INTO " + SCHEMA + ".uploads (id, owner_id, name, content_type, overwrite, length, expires_at,"
                        + " completed_at, file_id) VALUES (?, ?, 'u', 'text/plain', false, 10, now() + interval '1 day',"
                        + " ?, ?)",
                UUID.randomUUID(),
                owner,
                completedAs == null ? null : Timestamp.from(Instant.now()),
                completedAs);
    }
}
