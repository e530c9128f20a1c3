package dev.filesys.file.events;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
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

    /** The broadcast of a typed payload: its record components, in declaration order, are the event's fields. */
    static Broadcast of(EventType type, List<UUID> audience, Record payload) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (RecordComponent component : payload.getClass().getRecordComponents()) {
            try {
                data.put(component.getName(), component.getAccessor().invoke(payload));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component + " of an event payload", e);
            }
        }
        return new Broadcast(type, audience, data);
    }
}
