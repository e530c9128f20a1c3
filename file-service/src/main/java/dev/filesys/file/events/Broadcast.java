package dev.filesys.file.events;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A change to announce, before it has an id.
 *
 * @param audience the users it concerns (whose streams it may reach); empty for instance-only news
 * @param data the event's fields as users see them: strings, booleans and nulls only, never a secret
 */
record Broadcast(EventType type, List<UUID> audience, Map<String, Object> data) {

    Broadcast {
        audience = List.copyOf(audience);
    }
}
