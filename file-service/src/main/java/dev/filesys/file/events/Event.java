package dev.filesys.file.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A stored, committed event as this instance received it.
 *
 * @param id its position in the log: events committed later have larger ids
 * @param userIds the users it concerns
 * @param sessionId the session it names, or null
 * @param json what a user's stream carries as {@code data:}: {@code id}, {@code type}, {@code createdAt} and the event's
 *     fields, one line of JSON without the audience (a user never learns who else an event concerns)
 */
record Event(
        long id,
        EventType type,
        Instant createdAt,
        List<UUID> userIds,
        @Nullable UUID sessionId,
        String json) {

    Event {
        userIds = List.copyOf(userIds);
    }

    boolean concerns(UUID userId) {
        return userIds.contains(userId);
    }
}
