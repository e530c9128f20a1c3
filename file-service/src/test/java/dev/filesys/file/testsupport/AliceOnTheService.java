package dev.filesys.file.testsupport;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * For tests of a running {@link FileServiceTest}: before each test the database and the storage are empty, and alice
 * is registered and logged in. A subclass's own {@code @BeforeEach} runs after this one.
 */
public abstract class AliceOnTheService {

    @LocalServerPort
    protected int port;

    @Autowired
    protected DataSource dataSource;

    @Autowired
    protected FileServiceProperties properties;

    protected TestClient api;
    protected TransferClient transfers;
    protected StorageInspector storage;
    protected LoggedIn alice;

    @BeforeEach
    void startEmptyWithAlice() {
        TestDatabase.clear(dataSource);
        storage = new StorageInspector(properties.storage().root(), dataSource);
        storage.clear();
        api = TestClient.onPort(port);
        transfers = TransferClient.onPort(port);
        alice = TestUsers.register(api, "alice");
    }
}
