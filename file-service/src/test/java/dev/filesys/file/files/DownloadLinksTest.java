package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The link token alone: what it names, its expiry, and that another key or an altered byte voids it. */
class DownloadLinksTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final byte[] key = new byte[32];
    private final UUID user = UUID.randomUUID();
    private final UUID file = UUID.randomUUID();

    @Test
    void aTokenNamesItsUserForItsFileUntilItExpires() {
        DownloadLinks.Issued issued = at(NOW).issue(user, file);

        assertThat(issued.expiresAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(at(NOW).verify(issued.token(), file)).isEqualTo(user);
        assertThat(at(NOW.plusSeconds(59)).verify(issued.token(), file)).isEqualTo(user);
        assertThatThrownBy(() -> at(NOW.plusSeconds(60)).verify(issued.token(), file))
                .isInstanceOf(DownloadLinkExpired.class);
        assertThatThrownBy(() -> at(NOW).verify(issued.token(), UUID.randomUUID()))
                .isInstanceOf(InvalidDownloadLink.class);
    }

    @Test
    void anotherInstancesKeyOrAnAlteredTokenIsRefused() {
        String token = at(NOW).issue(user, file).token();
        byte[] otherKey = Arrays.copyOf(key, key.length);
        otherKey[0] = 1;

        assertThatThrownBy(() -> new DownloadLinks(otherKey, Duration.ofSeconds(60), Clock.fixed(NOW, ZoneOffset.UTC))
                        .verify(token, file))
                .isInstanceOf(InvalidDownloadLink.class);
        for (int i = 0; i < token.length(); i++) {
            char[] chars = token.toCharArray();
            chars[i] = flipped(chars[i]);
            String altered = new String(chars);
            if (!altered.equals(token)) {
                assertThatThrownBy(() -> at(NOW).verify(altered, file))
                        .as("altered at %d", i)
                        .isInstanceOf(InvalidDownloadLink.class);
            }
        }
        assertThatThrownBy(() -> at(NOW).verify("", file)).isInstanceOf(InvalidDownloadLink.class);
        assertThatThrownBy(() -> at(NOW).verify(".", file)).isInstanceOf(InvalidDownloadLink.class);
        assertThatThrownBy(() -> at(NOW).verify("x".repeat(300) + ".y", file)).isInstanceOf(InvalidDownloadLink.class);
    }

    /** Another base64url digit, differing in a bit that every position of the token uses. */
    static char flipped(char digit) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int index = alphabet.indexOf(digit);
        return index < 0 ? 'A' : alphabet.charAt(index ^ 16);
    }

    private DownloadLinks at(Instant now) {
        return new DownloadLinks(key, Duration.ofSeconds(60), Clock.fixed(now, ZoneOffset.UTC));
    }
}
