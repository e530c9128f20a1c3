package dev.filesys.balancer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules for server ids and URLs. */
class ServerAddressesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "0",
                "fs-1",
                "file-service-2",
                "a23456789012345678901234567890123456789012345678901234567890123"
            })
    void goodIds(String id) {
        assertThat(ServerAddresses.requireValidId(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "-a",
                "A",
                "fs_1",
                "fs.1",
                "fs 1",
                "fs/1",
                "é",
                "a234567890123456789012345678901234567890123456789012345678901234"
            })
    void badIds(String id) {
        assertThatThrownBy(() -> ServerAddresses.requireValidId(id)).isInstanceOf(InvalidServerId.class);
    }

    @Test
    void aNullIdIsBad() {
        assertThatThrownBy(() -> ServerAddresses.requireValidId(null)).isInstanceOf(InvalidServerId.class);
    }

    /** Seeded, so a failure repeats: random strings either match the documented pattern or are refused. */
    @Test
    void randomIdsAreAcceptedExactlyWhenTheyMatchThePattern() {
        Random random = new Random(42);
        String alphabet = "abcz09-_A.Z/ ";
        for (int i = 0; i < 2000; i++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(70);
            for (int c = 0; c < length; c++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = id.toString();
            boolean valid = candidate.matches("[a-z0-9][a-z0-9-]{0,62}");
            if (valid) {
                assertThat(ServerAddresses.requireValidId(candidate)).isEqualTo(candidate);
            } else {
                assertThatThrownBy(() -> ServerAddresses.requireValidId(candidate))
                        .as(candidate)
                        .isInstanceOf(InvalidServerId.class);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:8081, http://127.0.0.1:8081",
        "http://127.0.0.1:8081/, http://127.0.0.1:8081",
        "HTTP://files.example:80//, http://files.example:80",
        "https://files.example/base/, https://files.example/base",
        "http://[::1]:8081, http://[::1]:8081",
        "http://file-service-1.filesys.svc.cluster.local:8080, http://file-service-1.filesys.svc.cluster.local:8080"
    })
    void goodUrlsAreNormalised(String given, String normalised) {
        assertThat(ServerAddresses.requireValidUrl(given)).hasToString(normalised);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                " ",
                "not a url",
                "//127.0.0.1:8081",
                "127.0.0.1:8081",
                "mailto:ops@example.test",
                "ftp://files.example",
                "http:///path-only",
                "http://user@files.example",
                "http://files.example?x=1",
                "http://files.example/#frag",
                "http://files.example:70000",
                "http://under_score.example"
            })
    void badUrls(String url) {
        assertThatThrownBy(() -> ServerAddresses.requireValidUrl(url)).isInstanceOf(InvalidServerUrl.class);
    }

    @Test
    void anOverlongUrlIsBad() {
        assertThatThrownBy(() -> ServerAddresses.requireValidUrl("http://h/" + "a".repeat(3000)))
                .isInstanceOf(InvalidServerUrl.class);
    }
}
