package dev.filesys.file.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestSessions;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@link CurrentUser} parameters resolve from the bearer token of an open, logged-in session, or the request is 401. */
@FileServiceTest
class CurrentUserResolutionTest {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    TestClient client;

    @BeforeEach
    void setUp() {
        TestDatabase.clear(dataSource);
        client = TestClient.onPort(port);
    }

    @Test
    void loggedInSessionResolvesToItsUser() {
        TestSessions.LoggedIn alice = TestSessions.loggedIn(client, dataSource, "file-1", "alice");

        Response me = client.get("/api/v1/me", alice.token()).expect(200);

        assertThat(me.text("userId")).isEqualTo(alice.userId().toString());
        assertThat(me.text("username")).isEqualTo("alice");
    }

    @Test
    void openSessionWithoutUserIsNotLoggedIn() {
        String token = client.openSession(StubBalancer.shared().authCode("file-1"));

        Response me = client.get("/api/v1/me", token).expect(401);

        assertThat(me.code()).isEqualTo("NOT_LOGGED_IN");
        assertThat(me.header("Content-Type")).startsWith("application/problem+json");
        assertThat(me.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"filesys\"");
    }

    @Test
    void missingOrUnknownTokenIsSessionRequired() {
        assertThat(client.get("/api/v1/me", null).expect(401).code()).isEqualTo("SESSION_REQUIRED");
        Response unknown = client.get("/api/v1/me", "not-a-token").expect(401);
        assertThat(unknown.code()).isEqualTo("SESSION_REQUIRED");
        assertThat(unknown.header("WWW-Authenticate")).startsWith("Bearer");
    }
}
