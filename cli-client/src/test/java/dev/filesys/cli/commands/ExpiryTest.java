package dev.filesys.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void instantsAreTakenAsTheyAre() {
        assertThat(Expiry.parse("2026-12-31T23:00:00Z", NOW)).isEqualTo(Instant.parse("2026-12-31T23:00:00Z"));
        assertThat(Expiry.parse("2026-12-31T23:00:00+01:00", NOW)).isEqualTo(Instant.parse("2026-12-31T22:00:00Z"));
    }

    @Test
    void durationsCountFromNow() {
        assertThat(Expiry.parse("7d", NOW)).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(Expiry.parse("12h", NOW)).isEqualTo(NOW.plus(Duration.ofHours(12)));
        assertThat(Expiry.parse("30m", NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(Expiry.parse("90s", NOW)).isEqualTo(NOW.plusSeconds(90));
        assertThat(Expiry.parse("2w", NOW)).isEqualTo(NOW.plus(Duration.ofDays(14)));
        assertThat(Expiry.parse("1d12h", NOW)).isEqualTo(NOW.plus(Duration.ofHours(36)));
        assertThat(Expiry.parse("P7D", NOW)).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(Expiry.parse("pt12h", NOW)).isEqualTo(NOW.plus(Duration.ofHours(12)));
    }

    @Test
    void anythingElseIsAUsageError() {
        for (String bad : new String[] {"soon", "7", "d7", "7x", "7d 2h", "", "99999999999999999999d"}) {
            assertThatThrownBy(() -> Expiry.parse(bad, NOW))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            CliFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCode.USAGE))
                    .hasMessageContaining("neither an instant");
        }
    }

    @Test
    void thePastIsRefused() {
        assertThatThrownBy(() -> Expiry.parse("2020-01-01T00:00:00Z", NOW))
                .isInstanceOf(CliFailure.class)
                .hasMessageContaining("is not in the future");
        assertThatThrownBy(() -> Expiry.parse("0s", NOW))
                .isInstanceOf(CliFailure.class)
                .hasMessageContaining("is not in the future");
    }
}
