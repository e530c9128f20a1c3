package dev.filesys.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one reading of {@code Authorization: Bearer <credential>} for session, cluster and probe tokens. */
class BearerTokenTest {

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc", "bearer abc", "BEARER abc", "Bearer   abc  ", "bEaReR abc"})
    void theSchemeIsMatchedWithoutRegardToCaseAndWhiteSpaceIsDropped(String header) {
        assertThat(BearerToken.from(header)).contains("abc");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "Bearer", "Bearer ", "Bearer    ", "Bearerabc", "Bearer!abc", "Basic abc"})
    void anythingElseCarriesNoCredential(String header) {
        assertThat(BearerToken.from(header)).isEmpty();
    }

    @Test
    void theHeaderItWritesIsTheOneItReads() {
        assertThat(BearerToken.header("abc")).isEqualTo("Bearer abc");
        assertThat(BearerToken.from(BearerToken.header("abc"))).contains("abc");
    }
}
