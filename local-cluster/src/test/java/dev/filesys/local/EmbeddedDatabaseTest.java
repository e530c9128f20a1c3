package dev.filesys.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's PostgreSQL lets in only who has its password, and only over 127.0.0.1. */
class EmbeddedDatabaseTest {

    @TempDir
    Path data;

    @Test
    void aNewDatabaseTakesPasswordLoginsOnlyOverLoopback() throws Exception {
        String password;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(data, 0)) {
            password = database.password();
            Path passwordFile = data.resolve("postgres-password");
            assertThat(database.passwordFile()).isEqualTo(passwordFile);
            assertThat(Files.readString(passwordFile)).isEqualTo(password);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");

            assertRefusedWithout(database);
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), "postgres", password)) {
                assertThat(loginRules(connection)).containsExactly("host 127.0.0.1 scram-sha-256");
                assertThat(setting(connection, "listen_addresses")).isEqualTo("127.0.0.1");
                assertThat(setting(connection, "unix_socket_directories")).isEmpty();
                assertThat(setting(connection, "synchronous_commit")).isEqualTo("on");
            }
        }

        try (EmbeddedDatabase again = EmbeddedDatabase.start(data, 0)) {
            assertThat(again.password()).as("kept with the data").isEqualTo(password);
            try (Connection connection = DriverManager.getConnection(again.jdbcUrl(), "postgres", password)) {
                assertThat(setting(connection, "server_version")).isNotBlank();
            }
        }
    }

    @Test
    void aDirectoryFromAPasswordlessLauncherIsLockedDownAndKeepsItsData() throws Exception {
        // what the launcher made before: the embedded defaults, every local login trusted, no password file
        try (EmbeddedPostgres before = EmbeddedPostgres.builder()
                        .setDataDirectory(data.resolve("postgres"))
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false)
                        .start();
                Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + before.getPort() + "/postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE filesys");
        }
        try (EmbeddedPostgres before = EmbeddedPostgres.builder()
                        .setDataDirectory(data.resolve("postgres"))
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false)
                        .start();
                Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + before.getPort() + "/filesys", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (what text)");
            statement.execute("INSERT INTO kept VALUES ('a file row')");
        }
        assertThat(data.resolve("postgres-password")).doesNotExist();

        try (EmbeddedDatabase database = EmbeddedDatabase.start(data, 0)) {
            assertThat(Files.readString(data.resolve("postgres-password"))).isEqualTo(database.password());
            assertRefusedWithout(database);
            try (Connection connection =
                            DriverManager.getConnection(database.jdbcUrl(), "postgres", database.password());
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT what FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("a file row");
                assertThat(loginRules(connection)).containsExactly("host 127.0.0.1 scram-sha-256");
            }
        }
    }

    private static void assertRefusedWithout(EmbeddedDatabase database) {
        assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), "postgres", ""))
                .as("no password")
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), "postgres", "postgres"))
                .as("a guessed password")
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    /** The rules PostgreSQL applies (pg_hba.conf as it parsed it), one "type address method" per rule. */
    private static List<String> loginRules(Connection connection) throws SQLException {
        List<String> rules = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT type, coalesce(address, ''), auth_method FROM pg_hba_file_rules ORDER BY rule_number")) {
            while (rows.next()) {
                rules.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3));
            }
        }
        return rules;
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_setting('" + name + "')")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
