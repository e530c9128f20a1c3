package dev.filesys.file.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON of events: stored payloads, notifications (full or slim) and what streams carry. */
class EventCodecTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID BOB = UUID.fromString("b0b00000-0000-4000-8000-000000000002");
    private static final UUID FILE = UUID.fromString("f11e0000-0000-4000-8000-000000000001");
    private static final Instant AT = Instant.parse("2026-11-29T10:00:00.123456Z");

    private final EventCodec codec = new EventCodec(JSON);

    @Test
    void dataKeepsTheFieldsInOrderAndLeavesNullsOut() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("fileId", FILE);
        fields.put("fileName", "report.pdf");
        fields.put("expiresAt", null);
        fields.put("created", true);

        String data = codec.data(new Broadcast(EventType.FILE_SHARED, List.of(BOB), fields));

        assertThat(data)
                .isEqualTo("{\"fileId\":\"f11e0000-0000-4000-8000-000000000001\",\"fileName\":\"report.pdf\","
                        + "\"created\":true}");
    }

    @Test
    void aNotificationCarriesTheWholeEventAndStreamsGetItWithoutTheAudience() {
        String data = "{\"fileId\":\"" + FILE + "\",\"fileName\":\"two\\nlines\",\"id\":\"forged\"}";

        String notification = codec.notification(42, EventType.FILE_SHARED, AT, List.of(BOB), data);
        EventCodec.Decoded decoded = codec.fromNotification(notification);

        assertThat(decoded.id()).isEqualTo(42);
        Event event = decoded.event();
        assertThat(event.type()).isEqualTo(EventType.FILE_SHARED);
        assertThat(event.createdAt()).isEqualTo(AT);
        assertThat(event.userIds()).containsExactly(BOB);
        assertThat(event.json()).doesNotContain("\n").doesNotContain("userIds").doesNotContain(BOB.toString());
        JsonNode client = JSON.readTree(event.json());
        assertThat(client.get("id").asLong())
                .as("an event's fields cannot replace the envelope")
                .isEqualTo(42);
        assertThat(client.get("type").asString()).isEqualTo("file_shared");
        assertThat(client.get("createdAt").asString()).isEqualTo("2026-11-29T10:00:00.123456Z");
        assertThat(client.get("fileName").asString()).isEqualTo("two\nlines");
    }

    @Test
    void anEventTooLargeForANotificationIsAnnouncedByIdOnly() {
        List<UUID> audience = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            audience.add(UUID.randomUUID());
        }

        String notification = codec.notification(7, EventType.FILE_DELETED, AT, audience, "{\"fileName\":\"x\"}");

        assertThat(notification.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(EventCodec.MAX_NOTIFICATION_BYTES);
        assertThat(codec.fromNotification(notification)).isEqualTo(new EventCodec.Decoded(7, null));
    }

    @Test
    void aSessionEventNamesItsSessionAndUnknownTypesAreSkipped() {
        UUID session = UUID.randomUUID();

        Event closed = codec.fromRow(
                        3,
                        "session_closed",
                        AT,
                        List.of(BOB),
                        "{\"sessionId\":\"" + session + "\",\"reason\":\"closed\"}")
                .orElseThrow();

        assertThat(closed.sessionId()).isEqualTo(session);
        assertThat(codec.fromRow(4, "file_renamed", AT, List.of(BOB), "{}")).isEmpty();
        assertThat(codec.fromNotification("{\"id\":5,\"type\":\"file_renamed\",\"data\":{}}"))
                .isEqualTo(new EventCodec.Decoded(5, null));
    }
}
