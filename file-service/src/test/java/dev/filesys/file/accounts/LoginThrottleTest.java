package dev.filesys.file.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.TestProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backoff schedule and the throttle keys. */
class LoginThrottleTest {

    @Test
    void delayDoublesAfterTheFreeAttemptsUpToTheCap() {
        LoginThrottle throttle = new LoginThrottle(null, TestProperties.fileService(Map.of()));

        assertThat(throttle.delayAfter(6)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.delayAfter(7)).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.delayAfter(8)).isEqualTo(Duration.ofSeconds(4));
        assertThat(throttle.delayAfter(15)).isEqualTo(Duration.ofSeconds(512));
        assertThat(throttle.delayAfter(16)).isEqualTo(Duration.ofMinutes(15));
        assertThat(throttle.delayAfter(1_000_000)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void nameKeysHoldNoNamesAndAreCaseBlindOnceNormalised() {
        String key = LoginThrottle.usernameKey(Credentials.normalizeUsername("Alice"));

        assertThat(key).startsWith("user:").doesNotContain("alice").hasSize(5 + 64);
        assertThat(key).isEqualTo(LoginThrottle.usernameKey("alice"));
        assertThat(LoginThrottle.addressKey("2001:db8::1")).isEqualTo("addr:2001:db8::1");
    }
}
