package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.support.ApiException;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpectedDigestTest {

    private static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void acceptsHexInEitherCase() {
        assertThat(ExpectedDigest.parse(HEX)).isEqualTo(HEX);
        assertThat(ExpectedDigest.parse(" " + HEX.toUpperCase() + " ")).isEqualTo(HEX);
    }

    @Test
    void acceptsBase64StandardAndUrlSafe() {
        byte[] bytes = HexFormat.of().parseHex(HEX);
        assertThat(ExpectedDigest.parse(Base64.getEncoder().encodeToString(bytes)))
                .isEqualTo(HEX);
        assertThat(ExpectedDigest.parse(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)))
                .isEqualTo(HEX);
    }

    @Test
    void absentHeaderMeansNoExpectation() {
        assertThat(ExpectedDigest.parse(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "abc",
                "not base64 at all!!",
                "AAAA",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85"
            })
    void rejectsAnythingElse(String header) {
        assertThatThrownBy(() -> ExpectedDigest.parse(header))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo("INVALID_CHECKSUM"));
    }
}
