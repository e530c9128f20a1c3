package dev.filesys.file.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of events: the stored payload, the NOTIFY payload, and what a user's stream carries. All of it is compact
 * JSON on one line (Jackson escapes line breaks inside strings), so a stream's {@code data:} field is one line.
 */
@Component
class EventCodec {

    /** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; larger events are announced by id and type only. */
    static final int MAX_NOTIFICATION_BYTES = 7900;

    /** Fields every event has; an event's own fields cannot replace them. */
    private static final Set<String> ENVELOPE = Set.of("id", "type", "createdAt");

    private final JsonMapper json;

    EventCodec(JsonMapper json) {
        this.json = json;
    }

    /** The event's fields as stored in {@code events.payload}; null values are left out. */
    String data(Broadcast broadcast) {
        ObjectNode data = json.createObjectNode();
        for (Map.Entry<String, Object> field : broadcast.data().entrySet()) {
            switch (field.getValue()) {
                case null -> {}
                case Boolean flag -> data.put(field.getKey(), flag);
                case Number number -> data.put(field.getKey(), number.longValue());
                default -> data.put(field.getKey(), field.getValue().toString());
            }
        }
        return json.writeValueAsString(data);
    }

    /**
     * The NOTIFY payload: {@code {"id","type","createdAt","userIds","data"}}, or {@code {"id","type"}} alone when that
     * would be too large for a notification (the listener then reads the event from the table).
     */
    String notification(long id, EventType type, Instant createdAt, List<UUID> audience, String data) {
        ObjectNode full = envelope(id, type, createdAt);
        ArrayNode users = full.putArray("userIds");
        audience.forEach(user -> users.add(user.toString()));
        full.set("data", json.readTree(data));
        String text = json.writeValueAsString(full);
        if (text.getBytes(StandardCharsets.UTF_8).length <= MAX_NOTIFICATION_BYTES) {
            return text;
        }
        ObjectNode slim = json.createObjectNode();
        slim.put("id", id);
        slim.put("type", type.wireName());
        return json.writeValueAsString(slim);
    }

    /**
     * What a notification says.
     *
     * @param id the event's id
     * @param event the event, or null when the notification only names it (too large, or of a type this instance does
     *     not know)
     */
    record Decoded(long id, Event event) {}

    Decoded fromNotification(String payload) {
        JsonNode node = json.readTree(payload);
        long id = node.path("id").asLong();
        Optional<EventType> type = EventType.fromWireName(node.path("type").asString(""));
        JsonNode data = node.get("data");
        if (type.isEmpty() || data == null || !data.isObject()) {
            return new Decoded(id, null);
        }
        List<UUID> users = new ArrayList<>();
        node.path("userIds").forEach(user -> users.add(UUID.fromString(user.asString())));
        Instant createdAt = Instant.parse(node.path("createdAt").asString());
        return new Decoded(id, event(id, type.get(), createdAt, users, data));
    }

    /** The event of an {@code events} row, or empty for a type this instance does not know. */
    Optional<Event> fromRow(long id, String type, Instant createdAt, List<UUID> userIds, String data) {
        return EventType.fromWireName(type).map(known -> event(id, known, createdAt, userIds, json.readTree(data)));
    }

    private Event event(long id, EventType type, Instant createdAt, List<UUID> userIds, JsonNode data) {
        ObjectNode client = envelope(id, type, createdAt);
        for (Map.Entry<String, JsonNode> field : data.properties()) {
            if (!ENVELOPE.contains(field.getKey())) {
                client.set(field.getKey(), field.getValue());
            }
        }
        JsonNode session = data.get("sessionId");
        UUID sessionId = session != null && session.isString() ? UUID.fromString(session.asString()) : null;
        return new Event(id, type, createdAt, userIds, sessionId, json.writeValueAsString(client));
    }

    private ObjectNode envelope(long id, EventType type, Instant createdAt) {
        ObjectNode node = json.createObjectNode();
        node.put("id", id);
        node.put("type", type.wireName());
        node.put("createdAt", createdAt.toString());
        return node;
    }
}
