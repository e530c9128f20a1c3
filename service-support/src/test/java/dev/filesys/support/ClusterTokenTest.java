package dev.filesys.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterTokenTest {

    private final ClusterToken token = new ClusterToken("s3cret-token");

    @ParameterizedTest
    @ValueSource(
            strings = {"Bearer s3cret-token", "bearer s3cret-token", "BEARER s3cret-token", "Bearer  s3cret-token "})
    void admitsTheTokenAsABearerCredential(String authorization) {
        assertThat(token.admits(authorization)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "s3cret-token",
                "Bearer",
                "Bearer ",
                "Bearer s3cret-toke",
                "Bearer s3cret-token2",
                "Bearer S3CRET-TOKEN",
                "Basic s3cret-token",
                "Bearers3cret-token"
            })
    void refusesAnythingElse(String authorization) {
        assertThat(token.admits(authorization)).isFalse();
    }

    @Test
    void sendsItselfAsABearerCredential() {
        assertThat(token.authorizationHeader()).isEqualTo("Bearer s3cret-token");
        assertThat(token.admits(token.authorizationHeader())).isTrue();
    }

    @Test
    void neverShowsItselfInLogs() {
        assertThat(token.toString()).doesNotContain("s3cret");
    }

    @Test
    void aBlankTokenIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new ClusterToken(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void derivesOneKeyPerPurposeTheSameOnEveryInstance() {
        byte[] cursors = token.derivedKey("cursors");

        assertThat(cursors).hasSize(32).isEqualTo(new ClusterToken("s3cret-token").derivedKey("cursors"));
        assertThat(cursors).isNotEqualTo(token.derivedKey("links"));
        assertThat(cursors).isNotEqualTo(new ClusterToken("s3cret-token2").derivedKey("cursors"));
    }
}
