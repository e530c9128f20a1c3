package dev.filesys.file.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestUsers;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The instance's registration allowance (all addresses together): the gate takes a token for each registration it
 * lets through, and a registration refused before it would have spent the token (a bad name, a weak password) gives it
 * back.
 */
@FileServiceTest
@DirtiesContext
@TestPropertySource(properties = "filesys.limits.registrations-overall=2/1h")
class RegistrationAllowanceTest {

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
    void registrationsRefusedForTheirNameOrPasswordLeaveTheAllowanceWhole() {
        for (int i = 0; i < 3; i++) {
            assertThat(client.register(session(), "newcomer" + i, "password")
                            .expect(400)
                            .code())
                    .isEqualTo("WEAK_PASSWORD");
            assertThat(client.register(session(), "a", TestUsers.PASSWORD)
                            .expect(400)
                            .code())
                    .isEqualTo("INVALID_USERNAME");
        }

        TestUsers.register(client, "first");
        TestUsers.register(client, "second");
        Response spent = client.register(session(), "third", TestUsers.PASSWORD).expect(429);
        assertThat(spent.code()).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(spent.header("Retry-After"))).isPositive();
    }

    private String session() {
        return client.openSession(StubBalancer.shared().authCode("file-1"));
    }
}
