package dev.filesys.file.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh, empty PostgreSQL database for this test JVM, created on first use.
 *
 * <p>By default it is an embedded PostgreSQL (real binaries from Maven Central, started once per JVM). When the
 * environment variable {@value #ENVIRONMENT_VARIABLE} names a server (e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}), a database {@code filesys_test_<random>} is created
 * there instead and dropped when the JVM exits. Every Spring context of the JVM shares the one database (so the
 * file-services of an end-to-end test form one cluster); tests that count rows clear the tables first, e.g. with
 * {@link #clear(javax.sql.DataSource)}.
 */
public final class TestDatabase {

    /** Names an existing PostgreSQL server to create the test database on. */
    public static final String ENVIRONMENT_VARIABLE = "FILESYS_TEST_DATABASE_URL";

    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?$");
    private static final String DEADLOCK_DETECTED = "40P01";
    private static Coordinates coordinates;

    private TestDatabase() {}

    /** Where the test database is; starts or creates it on the first call. */
    public static synchronized Coordinates coordinates() {
        if (coordinates == null) {
            String external = System.getenv(ENVIRONMENT_VARIABLE);
            coordinates = external == null || external.isBlank() ? startEmbedded() : createOn(external.trim());
        }
        return coordinates;
    }

    /** For {@code @DynamicPropertySource} methods: points {@code spring.datasource.*} at the test database. */
    public static void registerProperties(DynamicPropertyRegistry registry) {
        coordinates().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * Empties every table the migrations created (not Flyway's history), so a test starts from no rows. Safe while
     * applications run against the database: {@code TRUNCATE} waits for their transactions.
     */
    public static void clear(javax.sql.DataSource dataSource) {
        // TRUNCATE locks every table; a background task of a running service (a sweeper, the scrubber) that holds a
        // row lock and wants another table can make PostgreSQL pick this statement as a deadlock's victim: try again
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("""
                        DO $$
                        DECLARE tables text;
                        BEGIN
                          SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') INTO tables
                            FROM pg_tables
                           WHERE schemaname = current_schema() AND tablename <> 'flyway_schema_history';
                          IF tables IS NOT NULL THEN
                            EXECUTE 'TRUNCATE ' || tables || ' CASCADE';
                          END IF;
                        END $$
                        """);
                return;
            } catch (SQLException e) {
                if (!DEADLOCK_DETECTED.equals(e.getSQLState()) || attempt == 5) {
                    throw new IllegalStateException("could not clear the test database", e);
                }
            }
        }
    }

    private static Coordinates startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setRegisterShutdownHook(true)
                    .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new Coordinates(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    private static Coordinates createOn(String serverUrl) {
        Matcher matcher = JDBC_URL.matcher(serverUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE
                    + " must look like jdbc:postgresql://host:port/database?user=…, not " + serverUrl);
        }
        Map<String, String> parameters = queryParameters(matcher.group(3));
        String user = parameters.getOrDefault("user", "postgres");
        String password = parameters.getOrDefault("password", "");
        String name = "filesys_test_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        execute(serverUrl, user, password, "CREATE DATABASE " + name);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> execute(serverUrl, user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"),
                        "drop-" + name));
        String query = matcher.group(3) == null ? "" : matcher.group(3);
        return new Coordinates(matcher.group(1) + name + query, user, password);
    }

    private static void execute(String url, String user, String password, String sql) {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        try (Connection connection = DriverManager.getConnection(url, credentials);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed on " + url + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> queryParameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query == null || query.length() < 2) {
            return parameters;
        }
        for (String pair : query.substring(1).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(
                        URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    /**
     * How to reach the test database.
     *
     * @param jdbcUrl its JDBC URL
     * @param username the user to connect as
     * @param password that user's password (empty for trust authentication)
     */
    public record Coordinates(String jdbcUrl, String username, String password) {

        /** The {@code spring.datasource.*} properties that point an application at this database. */
        public Map<String, Object> springProperties() {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("spring.datasource.url", jdbcUrl);
            properties.put("spring.datasource.username", username);
            properties.put("spring.datasource.password", password);
            return properties;
        }
    }
}
