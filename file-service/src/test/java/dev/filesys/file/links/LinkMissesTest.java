package dev.filesys.file.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TestClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Guessing links costs the guesser: every answer that a link does not exist (unknown or malformed alike) counts
 * against the client address, and past the allowance the address is refused with {@code 429} and {@code Retry-After}.
 */
@FileServiceTest
@TestPropertySource(properties = "filesys.links.misses=3/1h")
class LinkMissesTest {

    @LocalServerPort
    int port;

    @Test
    void pastTheAllowanceOfMissesAnAddressIsRefusedWithRetryAfter() {
        TestClient client = TestClient.onPort(port);
        for (String path : List.of("/l/" + LinkTokens.newToken(), "/l/malformed", "/l/" + LinkTokens.newToken())) {
            assertThat(client.get(path, null).expect(404).code()).isEqualTo("LINK_NOT_FOUND");
        }
        TestClient.Response refused = client.get("/l/" + LinkTokens.newToken(), null);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
    }
}
