package dev.filesys.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The availability answer on the wire: the server id is added when known and left out otherwise. */
class AvailabilityTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anAnswerWithoutAServerIdLooksAsBeforeTheFieldExisted() {
        assertThat(json.writeValueAsString(new Availability(false, 10, 10, "AT_CAPACITY")))
                .isEqualTo("{\"available\":false,\"activeSessions\":10,\"capacity\":10,\"reason\":\"AT_CAPACITY\"}");
    }

    @Test
    void anAnswerNamesTheInstanceWhenItKnowsItsId() {
        String written = json.writeValueAsString(new Availability(true, 3, 10, null, "file-7"));

        assertThat(written)
                .isEqualTo("{\"available\":true,\"activeSessions\":3,\"capacity\":10,\"reason\":null,"
                        + "\"serverId\":\"file-7\"}");
        assertThat(json.readValue(written, Availability.class))
                .isEqualTo(new Availability(true, 3, 10, null, "file-7"));
        assertThat(json.readValue("{\"available\":true,\"activeSessions\":1,\"capacity\":2}", Availability.class)
                        .serverId())
                .isNull();
    }
}
