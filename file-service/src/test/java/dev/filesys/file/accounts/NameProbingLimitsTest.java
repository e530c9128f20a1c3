package dev.filesys.file.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestSessions;
import dev.filesys.file.testsupport.TestUsers;
import dev.filesys.file.testsupport.TransferClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * User names cannot be probed without limit: registrations (a taken name's 409 included) are limited per address, and
 * "no such user" answers when sharing are limited per user and per address, after which even an existing name is held
 * back (else it would stand out).
 */
@FileServiceTest
@DirtiesContext
@TestPropertySource(
        properties = {
            "filesys.limits.registrations=4/1h",
            "filesys.limits.unknown-names=3/1h",
        })
class NameProbingLimitsTest {

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
    void registrationsAndUnknownShareNamesAreLimited() {
        // registrations: two accounts and two probes of a taken name spend the address's four
        TestSessions.LoggedIn owner = TestUsers.register(client, "owner");
        TestUsers.register(client, "friend");
        assertThat(client.register(session(), "friend", TestUsers.PASSWORD)
                        .expect(409)
                        .code())
                .isEqualTo("USERNAME_TAKEN");
        assertThat(client.register(session(), "owner", TestUsers.PASSWORD)
                        .expect(409)
                        .code())
                .isEqualTo("USERNAME_TAKEN");
        Response limited =
                client.register(session(), "friend", TestUsers.PASSWORD).expect(429);
        assertThat(limited.code()).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        // a weak password is refused before the allowance is looked at (it says nothing about other users)
        assertThat(client.register(session(), "newcomer", "password")
                        .expect(400)
                        .code())
                .isEqualTo("WEAK_PASSWORD");

        // sharing: names that exist cost nothing, unknown ones three, then every name waits
        TransferClient transfers = TransferClient.onPort(port);
        String file = transfers
                .upload(owner.token(), "doc.txt", "hello".getBytes(StandardCharsets.UTF_8))
                .expect(201)
                .text("fileId");
        for (int i = 0; i < 5; i++) {
            share(transfers, owner, file, "friend").expect(i == 0 ? 201 : 200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(share(transfers, owner, file, "nobody" + i).expect(404).code())
                    .isEqualTo("USER_NOT_FOUND");
        }
        assertThat(share(transfers, owner, file, "nobody9").expect(429).code()).isEqualTo("RATE_LIMITED");
        assertThat(share(transfers, owner, file, "friend").expect(429).code())
                .as("an existing name is held back as well")
                .isEqualTo("RATE_LIMITED");
    }

    private static Response share(TransferClient transfers, TestSessions.LoggedIn owner, String file, String name) {
        return transfers.text(transfers.request(
                "PUT",
                "/api/v1/files/" + file + "/shares/" + name,
                owner.token(),
                BodyPublishers.ofString("{\"permission\":\"read\"}"),
                "Content-Type",
                "application/json"));
    }

    private String session() {
        return client.openSession(StubBalancer.shared().authCode("file-1"));
    }
}
