package dev.filesys.file.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.test.context.TestPropertySource;

/** Registration, login, logout and throttling against a real server and database. */
@FileServiceTest
@TestPropertySource(
        properties = {
            "filesys.accounts.throttle.free-attempts=3",
            "filesys.accounts.throttle.base-delay=1s",
            "filesys.accounts.throttle.max-delay=2s"
        })
class AccountsTest {

    private static final Pattern ARGON2ID = Pattern.compile(
            "^\\{argon2}\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$");

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    TestClient client;
    JdbcTemplate jdbc;
    String token;

    @BeforeEach
    void setUp() {
        TestDatabase.clear(dataSource);
        client = TestClient.onPort(port);
        jdbc = new JdbcTemplate(dataSource);
        token = newSession();
    }

    @Test
    void registrationLogsTheSessionInAndStoresAnArgon2idHash() {
        Response registered = client.register(token, "Alice", "correct horse").expect(201);

        assertThat(registered.text("username")).isEqualTo("alice");
        assertThat(registered.text("userId")).isNotBlank();
        Response me = client.get("/api/v1/me", token).expect(200);
        assertThat(me.text("userId")).isEqualTo(registered.text("userId"));
        assertThat(me.text("username")).isEqualTo("alice");
        assertThat(me.text("role")).isEqualTo("user");
        assertThat(me.json().get("mustChangePassword").asBoolean()).isFalse();

        String hash = jdbc.queryForObject("select password_hash from users where username = 'alice'", String.class);
        Matcher matcher = ARGON2ID.matcher(hash);
        assertThat(matcher.matches()).as(hash).isTrue();
        assertThat(Integer.parseInt(matcher.group(1))).isGreaterThanOrEqualTo(19456);
        assertThat(Integer.parseInt(matcher.group(2))).isGreaterThanOrEqualTo(2);
    }

    @Test
    void takenNamesAreRefusedWhateverTheirCase() {
        client.register(token, "alice", "correct horse").expect(201);

        for (String name : new String[] {"alice", "ALICE", "aLiCe"}) {
            Response taken =
                    client.register(newSession(), name, "another password").expect(409);
            assertThat(taken.code()).isEqualTo("USERNAME_TAKEN");
            assertThat(taken.text("detail")).contains("'alice'");
        }
        assertThat(jdbc.queryForObject("select count(*) from users", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void ofTwoConcurrentRegistrationsOfOneNameExactlyOneSucceeds() throws Exception {
        String first = newSession();
        String second = newSession();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Response> a = pool.submit(() -> {
                start.await();
                return client.register(first, "carol", "correct horse");
            });
            Future<Response> b = pool.submit(() -> {
                start.await();
                return client.register(second, "CAROL", "battery staple");
            });
            start.countDown();

            assertThat(List.of(a.get().status(), b.get().status())).containsExactlyInAnyOrder(201, 409);
        }
        assertThat(jdbc.queryForObject("select count(*) from users", Integer.class))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from sessions where user_id is not null", Integer.class))
                .as("only the winner's session is logged in")
                .isEqualTo(1);
    }

    @Test
    void invalidNamesAreRefusedWithAClearMessage() {
        assertInvalidUsername("ab", "3 to 32 characters");
        assertInvalidUsername("a".repeat(33), "3 to 32 characters");
        assertInvalidUsername("al ice", "only the letters a-z");
        assertInvalidUsername("alice!", "only the letters a-z");
        assertInvalidUsername("ålice", "only the letters a-z");
        assertInvalidUsername("", "required");
        assertThat(jdbc.queryForObject("select count(*) from users", Integer.class))
                .isZero();
        client.register(token, "a.b_c-9", "correct horse").expect(201);
    }

    @Test
    void weakPasswordsAreRefusedWithAClearMessage() {
        Response tooShort = client.register(token, "alice", "1234567").expect(400);
        assertThat(tooShort.code()).isEqualTo("WEAK_PASSWORD");
        assertThat(tooShort.text("detail")).contains("at least 8 characters");
        Response tooLong = client.register(token, "alice", "x".repeat(1025)).expect(400);
        assertThat(tooLong.code()).isEqualTo("WEAK_PASSWORD");
        assertThat(tooLong.text("detail")).contains("at most 1024 characters");
        assertThat(jdbc.queryForObject("select count(*) from users", Integer.class))
                .isZero();

        // eight characters outside the Basic Multilingual Plane: sixteen UTF-16 units, but eight characters
        client.register(token, "bob", "🔑🗝🐉🦄🌵🍄🎲🧭").expect(201);
        client.login(newSession(), "bob", "🔑🗝🐉🦄🌵🍄🎲🧭").expect(200);
    }

    @Test
    void registrationNeedsASession() {
        assertThat(client.register(null, "alice", "correct horse").expect(401).code())
                .isEqualTo("SESSION_REQUIRED");
        assertThat(jdbc.queryForObject("select count(*) from users", Integer.class))
                .isZero();
    }

    @Test
    void loginRotatesTheTokenAndLogoutKeepsTheSessionOpen() {
        String userId =
                client.register(token, "alice", "correct horse").expect(201).text("userId");
        client.post("/api/v1/logout", token, null).expect(204);
        assertThat(client.get("/api/v1/me", token).expect(401).code()).isEqualTo("NOT_LOGGED_IN");

        Response login = client.login(token, "ALICE", "correct horse").expect(200);

        assertThat(login.text("userId")).isEqualTo(userId);
        assertThat(login.text("username")).isEqualTo("alice");
        String rotated = login.text("sessionToken");
        assertThat(rotated).hasSize(43).isNotEqualTo(token);
        assertThat(client.get("/api/v1/me", rotated).expect(200).text("username"))
                .isEqualTo("alice");
        assertThat(client.get("/api/v1/me", token).expect(401).code()).isEqualTo("SESSION_REQUIRED");
        assertThat(jdbc.queryForObject("select count(*) from sessions where state = 'OPEN'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void unknownUserAndWrongPasswordLookAlike() {
        client.register(token, "alice", "correct horse").expect(201);

        Response wrongPassword =
                client.login(newSession(), "alice", "wrong horse").expect(401);
        Response unknownUser =
                client.login(newSession(), "mallory", "wrong horse").expect(401);
        Response invalidName =
                client.login(newSession(), "not a name!", "wrong horse").expect(401);

        assertThat(wrongPassword.code()).isEqualTo("INVALID_CREDENTIALS");
        assertThat(unknownUser.body()).isEqualTo(wrongPassword.body());
        assertThat(invalidName.body()).isEqualTo(wrongPassword.body());
        assertThat(unknownUser.header("Content-Type")).isEqualTo(wrongPassword.header("Content-Type"));
    }

    @Test
    void repeatedFailuresAreThrottledAndTheRealUserGetsInAfterTheBackoff() {
        client.register(token, "alice", "correct horse").expect(201);
        String session = newSession();
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(client.login(session, "alice", "guess " + attempt)
                            .expect(401)
                            .code())
                    .isEqualTo("INVALID_CREDENTIALS");
        }

        Response throttled = client.login(session, "alice", "correct horse").expect(429);

        assertThat(throttled.code()).isEqualTo("TOO_MANY_ATTEMPTS");
        assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 2);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> client.login(session, "alice", "correct horse").status() == 200);
        assertThat(jdbc.queryForObject(
                        "select count(*) from login_attempts where throttle_key like 'user:%'", Integer.class))
                .as("a successful login clears the name's failures")
                .isZero();
    }

    @Test
    void failuresFromOneAddressAcrossNamesAreThrottled() {
        for (int attempt = 1; attempt <= 4; attempt++) {
            client.login(newSession(), "nobody" + attempt, "guess").expect(401);
        }

        Response throttled = client.login(newSession(), "someone-else", "guess").expect(429);

        assertThat(throttled.code()).isEqualTo("TOO_MANY_ATTEMPTS");
        assertThat(throttled.header("Retry-After")).isNotNull();
    }

    @Test
    void loginUpgradesAHashWeakerThanTheCurrentParameters() {
        String userId =
                client.register(token, "alice", "correct horse").expect(201).text("userId");
        String weak = "{argon2}" + new Argon2PasswordEncoder(16, 32, 1, 8192, 1).encode("correct horse");
        jdbc.update("update users set password_hash = ? where username = 'alice'", weak);

        client.login(token, "alice", "correct horse").expect(200);

        String upgraded =
                jdbc.queryForObject("select password_hash from users where id = ?::uuid", String.class, userId);
        assertThat(upgraded).isNotEqualTo(weak).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
        client.login(newSession(), "alice", "correct horse").expect(200);
    }

    @Test
    void meAndLogoutNeedTheirSession() {
        assertThat(client.get("/api/v1/me", token).expect(401).code()).isEqualTo("NOT_LOGGED_IN");
        client.post("/api/v1/logout", token, null).expect(204);
        assertThat(client.post("/api/v1/logout", null, null).expect(401).code()).isEqualTo("SESSION_REQUIRED");
        assertThat(client.login(null, "alice", "correct horse").expect(401).code())
                .isEqualTo("SESSION_REQUIRED");
    }

    private void assertInvalidUsername(String username, String message) {
        Response refused = client.register(token, username, "correct horse").expect(400);
        assertThat(refused.code()).isEqualTo("INVALID_USERNAME");
        assertThat(refused.text("detail")).contains(message);
    }

    private String newSession() {
        return client.openSession(StubBalancer.shared().authCode("file-1"));
    }
}
