package dev.filesys.file.availability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.filesys.file.testsupport.FileServiceTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A request never waits forever on a database link that went silent. */
@FileServiceTest
class DatabaseConnectionSettingsTest {

    @Autowired
    DataSource dataSource;

    @Test
    void queriesOnASilentLinkAreGivenUpAndIdleConnectionsAreKeptAlive() {
        HikariDataSource pool = (HikariDataSource) dataSource;

        assertThat(pool.getDataSourceProperties())
                .containsEntry("socketTimeout", "30")
                .containsEntry("tcpKeepAlive", "true");
        assertThat(pool.getConnectionTimeout()).isEqualTo(5000);
    }
}
