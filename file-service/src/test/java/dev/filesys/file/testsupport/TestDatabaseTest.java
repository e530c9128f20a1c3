package dev.filesys.file.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The test database is a real PostgreSQL, the same for the whole JVM, and a fresh one when on a shared server. */
class TestDatabaseTest {

    @Test
    void handsOutOneReachablePostgresqlDatabasePerJvm() throws SQLException {
        TestDatabase.Coordinates coordinates = TestDatabase.coordinates();

        assertThat(TestDatabase.coordinates()).isSameAs(coordinates);
        try (Connection connection = DriverManager.getConnection(
                        coordinates.jdbcUrl(), coordinates.username(), coordinates.password());
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select current_database(), version()")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(2)).startsWith("PostgreSQL");
            if (System.getenv(TestDatabase.ENVIRONMENT_VARIABLE) != null) {
                assertThat(row.getString(1)).matches("filesys_test_[0-9a-f]{12}");
            } else {
                assertThat(row.getString(1))
                        .as("a fresh embedded cluster's own database")
                        .isEqualTo("postgres");
            }
        }
    }
}
