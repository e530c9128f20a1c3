package dev.filesys.file.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sessions for tests of features that need a logged-in user: a real handshake against the running server (codes from
 * the {@link StubBalancer}), then the user row and the login written straight to the database, which is much faster
 * than registering (no Argon2). The server resolves the token as it would any other.
 */
public final class TestSessions {

    private TestSessions() {}

    /**
     * @param client a client for the running file-service
     * @param dataSource its database
     * @param serverId the file-service's {@code filesys.server.id} (tests use the default {@code file-1})
     * @param username a valid, unused user name
     */
    public static LoggedIn loggedIn(TestClient client, DataSource dataSource, String serverId, String username) {
        String token = client.openSession(StubBalancer.shared().authCode(serverId));
        UUID userId = UUID.randomUUID();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update(
                "insert into users (id, username, password_hash, created_at) values (?, ?, ?, ?)",
                userId,
                username,
                "{test}not-a-password-hash",
                Timestamp.from(Instant.now()));
        int updated = jdbc.update("update sessions set user_id = ? where token_hash = ?", userId, sha256(token));
        if (updated != 1) {
            throw new IllegalStateException("no session has the token just issued");
        }
        return new LoggedIn(token, userId, username);
    }

    /**
     * Another session of an existing user: a real handshake on the server, then the login written to the database.
     *
     * @return the session's token and id
     */
    public static Session loggedInAs(TestClient client, DataSource dataSource, String serverId, UUID userId) {
        TestClient.Response started =
                client.beginHandshake(StubBalancer.shared().authCode(serverId)).expect(201);
        String token = client.ack(started.text("sessionId"), started.text("serverNonce"))
                .expect(200)
                .text("sessionToken");
        int updated = new JdbcTemplate(dataSource)
                .update("update sessions set user_id = ? where token_hash = ?", userId, sha256(token));
        if (updated != 1) {
            throw new IllegalStateException("no session has the token just issued");
        }
        return new Session(token, UUID.fromString(started.text("sessionId")));
    }

    /** The id of the session a token names. */
    public static UUID sessionId(DataSource dataSource, String token) {
        return new JdbcTemplate(dataSource)
                .queryForObject("select id from sessions where token_hash = ?", UUID.class, (Object) sha256(token));
    }

    /** A session: its token and its id. */
    public record Session(String token, UUID sessionId) {}

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A session logged in as a user: send {@code Authorization: Bearer <token>}. */
    public record LoggedIn(String token, UUID userId, String username) {}
}
