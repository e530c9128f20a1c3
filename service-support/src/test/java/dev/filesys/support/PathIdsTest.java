package dev.filesys.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathIdsTest {

    private static final String ID = "f11e0000-0000-4000-8000-000000000001";

    @Test
    void aUuidIsParsed() {
        assertThat(PathIds.parse(ID, IllegalStateException::new)).isEqualTo(UUID.fromString(ID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "report.pdf", "f11e0000-0000-4000-8000", "f11e0000-0000-4000-8000-00000000000g"})
    void anythingElseGetsTheCallersNotFound(String segment) {
        assertThatThrownBy(() -> PathIds.parse(segment, () -> ApiError.FILE_NOT_FOUND.exception("No such file.")))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("FILE_NOT_FOUND"));
    }
}
