package dev.filesys.file.shares;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.support.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShareExpiryTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void noExpiryIsNone() {
        assertThat(ShareExpiry.check(null, NOW)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-02T12:00:00.000001Z",
                "2030-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z",
                "9999-12-31T23:59:59.999999Z"
            })
    void anExpiryAfterNowUpToTheEndOfTheYear9999IsKept(String value) {
        assertThat(ShareExpiry.check(Instant.parse(value), NOW)).isEqualTo(Instant.parse(value));
    }

    @Test
    void anExpiryIsKeptToTheMicrosecondAsPostgresqlStoresIt() {
        assertThat(ShareExpiry.check(Instant.parse("2030-01-01T00:00:00.123456789Z"), NOW))
                .isEqualTo(Instant.parse("2030-01-01T00:00:00.123456Z"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-02T12:00:00Z",
                "2026-12-02T11:59:59.999999999Z",
                "2000-01-01T00:00:00Z",
                "-1000000000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.9999991Z",
                "+10000-01-01T00:00:00Z",
                "+294277-01-01T00:00:00Z",
                "+1000000000-12-31T23:59:59.999999999Z"
            })
    void anExpiryOutOfRangeIsRefusedWithTheRangeInTheDetail(String value) {
        assertThatThrownBy(() -> ShareExpiry.check(Instant.parse(value), NOW))
                .isInstanceOfSatisfying(ApiException.class, refused -> {
                    assertThat(refused.code()).isEqualTo("INVALID_EXPIRY");
                    assertThat(refused.getStatusCode().value()).isEqualTo(400);
                    assertThat(refused.getBody().getDetail())
                            .contains("after the current time")
                            .contains("9999-12-31T23:59:59.999999Z");
                });
    }
}
