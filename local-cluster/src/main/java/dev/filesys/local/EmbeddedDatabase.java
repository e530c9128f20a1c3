package dev.filesys.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The launcher's PostgreSQL: real PostgreSQL binaries from Maven Central, data kept under the data directory. It takes
 * password logins only (SCRAM, for the superuser {@code postgres}, with a password generated when the database is
 * created and kept in {@code <data>/postgres-password}, mode 0600), over TCP on 127.0.0.1 only (no Unix socket).
 *
 * <p>A data directory made by an older launcher, whose PostgreSQL let anyone on this machine in without a password, is
 * upgraded on its first start: the password is set and the login rules replaced while it runs.
 */
final class EmbeddedDatabase implements AutoCloseable {

    static final String USER = "postgres";
    static final String DATABASE = "filesys";

    /** Written at every start, so a directory's rules are always these whatever wrote them before. */
    private static final String LOGIN_RULES = """
            # Written by the filesys launcher at every start: password (SCRAM) logins only, over 127.0.0.1 only.
            # TYPE  DATABASE  USER  ADDRESS        METHOD
            host    all       all   127.0.0.1/32   scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final String password;
    private final Path passwordFile;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password, Path passwordFile) {
        this.postgres = postgres;
        this.password = password;
        this.passwordFile = passwordFile;
    }

    /**
     * @param dataDir the launcher's data directory ({@code postgres/} and {@code postgres-password} in it)
     * @param port its port on 127.0.0.1, 0 for any free one
     */
    static EmbeddedDatabase start(Path dataDir, int port) throws IOException, SQLException {
        Path directory = dataDir.resolve("postgres");
        Path passwordFile = dataDir.resolve("postgres-password");
        boolean fresh = !Files.exists(directory.resolve("postgresql.conf"));
        boolean withoutPassword = !fresh && !Files.exists(passwordFile);
        String password = fresh || withoutPassword ? Secrets.generate() : Secrets.read(passwordFile);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false) // the launcher stops it after the services
                .setServerConfig("listen_addresses", "127.0.0.1")
                // the socket would be a second way in, open to every local user; the services use TCP
                .setServerConfig("unix_socket_directories", "''")
                // its default here is off (it is made for tests); a file the service said was stored must stay stored
                .setServerConfig("synchronous_commit", "on")
                .setConnectConfig("password", password);
        if (fresh) {
            Secrets.write(passwordFile, password);
            // the builder passes these to initdb as --name=value (it calls them locale settings, but passes any)
            builder.setLocaleConfig("auth-host", "scram-sha-256")
                    .setLocaleConfig("auth-local", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile.toString());
        }
        if (!withoutPassword) {
            builder.setDataDirectoryCustomizer(EmbeddedDatabase::writeLoginRules);
        }
        if (port != 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } catch (IOException e) {
            if (withoutPassword) {
                throw new IOException(
                        "PostgreSQL in " + directory + " did not let the launcher in, and " + passwordFile
                                + " is missing: restore it, or delete " + directory
                                + " to start with an empty database",
                        e);
            }
            throw e;
        }
        EmbeddedDatabase database = new EmbeddedDatabase(postgres, password, passwordFile);
        try {
            if (withoutPassword) {
                database.setPasswordAndLockDown(directory);
            }
            database.createDatabase();
            return database;
        } catch (IOException | SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    String password() {
        return password;
    }

    Path passwordFile() {
        return passwordFile;
    }

    private void setPasswordAndLockDown(Path directory) throws IOException, SQLException {
        try (Connection connection = connect("postgres");
                Statement statement = connection.createStatement()) {
            // a literal, not a parameter: ALTER ROLE takes none; the password is base64url, nothing to escape
            statement.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
            Secrets.write(passwordFile, password);
            writeLoginRules(directory.toFile());
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    private void createDatabase() throws SQLException {
        try (Connection connection = connect("postgres");
                var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (var rows = exists.executeQuery()) {
                if (!rows.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + DATABASE);
                    }
                }
            }
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database, USER, password);
    }

    private static void writeLoginRules(File directory) {
        try {
            Files.writeString(directory.toPath().resolve("pg_hba.conf"), LOGIN_RULES);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + directory + "/pg_hba.conf", e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("stopping PostgreSQL failed", e);
        }
    }
}
