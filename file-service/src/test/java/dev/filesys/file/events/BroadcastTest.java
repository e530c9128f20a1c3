package dev.filesys.file.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Typed payloads become the event's fields: names, values and order from the record's components. */
class BroadcastTest {

    private static final UUID BOB = UUID.fromString("b0b00000-0000-4000-8000-000000000002");
    private static final UUID FILE = UUID.fromString("f11e0000-0000-4000-8000-000000000001");

    @Test
    void theRecordsComponentsAreTheFieldsInOrder() {
        Instant expires = Instant.parse("2026-12-01T00:00:00Z");
        FeatureEvents.Shared payload =
                new FeatureEvents.Shared(FILE, "report.pdf", BOB, "bob", BOB, "bob", "read", expires, true);

        Broadcast broadcast = Broadcast.of(EventType.FILE_SHARED, List.of(BOB), payload);

        assertThat(broadcast.data())
                .containsExactly(
                        entry("fileId", FILE),
                        entry("fileName", "report.pdf"),
                        entry("ownerId", BOB),
                        entry("owner", "bob"),
                        entry("recipientId", BOB),
                        entry("recipient", "bob"),
                        entry("permission", "read"),
                        entry("expiresAt", expires),
                        entry("created", true));
        assertThat(broadcast.audience()).containsExactly(BOB);
    }

    @Test
    void onTheWireNullsAreLeftOutAsBefore() {
        Broadcast broadcast =
                Broadcast.of(EventType.USER_REGISTERED, List.of(BOB), new FeatureEvents.Registered(BOB, "bob", null));

        assertThat(new EventCodec(JsonMapper.builder().build()).data(broadcast))
                .isEqualTo("{\"userId\":\"b0b00000-0000-4000-8000-000000000002\",\"username\":\"bob\"}");
    }

    private static java.util.Map.Entry<String, Object> entry(String name, Object value) {
        return java.util.Map.entry(name, value);
    }
}
