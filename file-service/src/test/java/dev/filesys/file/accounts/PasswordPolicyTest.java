package dev.filesys.file.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The password rules at registration, over HTTP: common and breached passwords, one repeated character and the user
 * name are refused with a detail that says why; a password that is not text (an unpaired surrogate) is a 400 at
 * registration and at login, where it counts like a wrong password.
 */
@FileServiceTest
class PasswordPolicyTest {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    TestClient client;
    JdbcTemplate jdbc;

    @BeforeEach
    void setUp() {
        TestDatabase.clear(dataSource);
        client = TestClient.onPort(port);
        jdbc = new JdbcTemplate(dataSource);
    }

    @Test
    void commonAndBreachedPasswordsAreRefusedSayingWhy() {
        // the last three are breached passwords (OWASP SecLists) that the password-strength libraries' lists lack
        for (String common : new String[] {
            "password",
            "12345678",
            "Password1",
            "iloveyou",
            "qwertyuiop",
            "sunshine",
            "uberl33t",
            "hotmail1",
            "Password&"
        }) {
            Response refused = client.register(session(), "alice", common).expect(400);
            assertThat(refused.code()).isEqualTo("WEAK_PASSWORD");
            assertThat(refused.text("detail")).as(common).contains("too common");
        }
        assertThat(client.register(session(), "alice", "        ").expect(400).text("detail"))
                .contains("one character repeated");
        assertThat(client.register(session(), "alice", "🔑".repeat(9))
                        .expect(400)
                        .text("detail"))
                .contains("one character repeated");
        assertThat(client.register(session(), "alice.longname", "Alice.LongName")
                        .expect(400)
                        .text("detail"))
                .contains("must not be the username");
        assertThat(jdbc.queryForObject("select count(*) from users", Integer.class))
                .isZero();

        // no composition rules: any long enough text off the lists will do, 64 characters and more too
        client.register(session(), "alice", "plain brass kettle").expect(201);
        client.register(session(), "bob", "ü".repeat(30) + " and more words " + "x".repeat(60))
                .expect(201);
    }

    @Test
    void anUnpairedSurrogateIsABadRequestAndALoginWithOneCountsAsAFailure() {
        String lone = "{\"username\":\"carol\",\"password\":\"abc\\ud800defghij\"}";
        Response registration = client.postRaw("/api/v1/users", session(), lone).expect(400);
        assertThat(registration.code()).isEqualTo("INVALID_PASSWORD");
        assertThat(registration.body()).doesNotContain("Exception", "at dev.");

        client.register(session(), "carol", "plain brass kettle").expect(201);
        Response login = client.postRaw("/api/v1/login", session(), lone).expect(400);
        assertThat(login.code()).isEqualTo("INVALID_PASSWORD");
        assertThat(jdbc.queryForObject(
                        "select failures from login_attempts where throttle_key = ?",
                        Integer.class,
                        LoginThrottle.usernameKey("carol")))
                .as("the attempt counted like a wrong password")
                .isEqualTo(1);
        for (int attempt = 2; attempt <= 6; attempt++) {
            client.postRaw("/api/v1/login", session(), lone).expect(400);
        }
        assertThat(client.postRaw("/api/v1/login", session(), lone).expect(429).code())
                .isEqualTo("TOO_MANY_ATTEMPTS");
    }

    private String session() {
        return client.openSession(StubBalancer.shared().authCode("file-1"));
    }
}
