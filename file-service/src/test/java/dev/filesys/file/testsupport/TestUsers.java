package dev.filesys.file.testsupport;

import java.util.UUID;

/** Users registered through the real HTTP endpoints: handshake with a stub auth code, then {@code POST /api/v1/users}. */
public final class TestUsers {

    public static final String PASSWORD = "correct horse battery";

    private TestUsers() {}

    /** Registers {@code username} on the file-service with id {@code file-1} and returns its logged-in session. */
    public static TestSessions.LoggedIn register(TestClient client, String username) {
        String token = client.openSession(StubBalancer.shared().authCode("file-1"));
        TestClient.Response registered =
                client.register(token, username, PASSWORD).expect(201);
        return new TestSessions.LoggedIn(token, UUID.fromString(registered.text("userId")), username);
    }
}
