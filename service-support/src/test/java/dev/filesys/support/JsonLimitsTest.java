package dev.filesys.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

/** The services' {@link JsonMapper} reads with the tight stream-read constraints, and keeps Boot's customisations. */
@SpringBootTest(
        classes = SampleApplication.class,
        properties = "spring.jackson.deserialization.fail-on-unknown-properties=true")
class JsonLimitsTest {

    @Autowired
    JsonMapper json;

    @Test
    void deepNestingLongStringsAndLongNumbersAreRefused() {
        String deep = "[".repeat(JsonLimits.MAX_NESTING_DEPTH + 1) + "]".repeat(JsonLimits.MAX_NESTING_DEPTH + 1);
        String longString = "\"" + "x".repeat(JsonLimits.MAX_STRING_LENGTH + 1) + "\"";
        String longNumber = "1".repeat(JsonLimits.MAX_NUMBER_LENGTH + 1);

        for (String document : new String[] {deep, longString, longNumber}) {
            assertThatThrownBy(() -> json.readTree(document)).isInstanceOf(StreamConstraintsException.class);
            // Jackson's own defaults would read each of them
            assertThat(JsonMapper.builder().build().readTree(document)).isNotNull();
        }
        assertThat(json.readTree("[".repeat(10) + "]".repeat(10))).isNotNull();
    }

    @Test
    void bootsCustomisationsStillApply() {
        // a setting Boot applies through its builder customizer: the builder still goes through them
        assertThat(json.deserializationConfig()
                        .isEnabled(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
                .isTrue();
    }
}
