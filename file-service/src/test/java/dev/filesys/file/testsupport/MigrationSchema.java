package dev.filesys.file.testsupport;

import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A schema of its own on the test database for a migration test: the real migrations up to a version, rows written as
 * that version's schema holds them, then the rest of the migrations.
 */
public final class MigrationSchema {

    private final String schema;
    private final DriverManagerDataSource dataSource;
    private final JdbcTemplate jdbc;

    public MigrationSchema(String schema) {
        this.schema = schema;
        TestDatabase.Coordinates database = TestDatabase.coordinates();
        this.dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public void drop() {
        jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /** Migrates to {@code target}, or to the end when it is null. */
    public void migrate(String target) {
        var configuration =
                Flyway.configure().dataSource(dataSource).schemas(schema).locations("classpath:db/migration");
        if (target != null) {
            configuration.target(target);
        }
        configuration.load().migrate();
    }

    /** Inserts a user; returns its id. */
    public UUID user(String name) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO " + schema + ".users (id, username, password_hash, created_at) VALUES (?, ?, ?, now())",
                id,
                name,
                "{test}x");
        return id;
    }

    /** Inserts a file of the owner with the blob of 64 zeros (which the caller inserted); returns its id. */
    public UUID file(UUID owner, String name) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO " + schema + ".files (id, owner_id, name, blob_sha256, content_type)"
                        + " VALUES (?, ?, ?, ?, 'text/plain')",
                id,
                owner,
                name,
                "0".repeat(64));
        return id;
    }
}
