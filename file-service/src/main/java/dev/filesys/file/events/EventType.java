package dev.filesys.file.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The kinds of broadcast events, by their wire name. */
enum EventType {
    USER_REGISTERED("user_registered", false, true),
    USER_LOGGED_IN("user_logged_in", false, true),
    USER_LOGGED_OUT("user_logged_out", false, true),
    FILE_SHARED("file_shared", true, false),
    FILE_UNSHARED("file_unshared", true, false),
    FILE_DELETED("file_deleted", true, false),
    FOLDER_CREATED("folder_created", true, false),
    ITEM_MOVED("item_moved", true, false),
    LINK_USED("link_used", true, false),
    ITEM_TRASHED("item_trashed", true, false),
    ITEM_RESTORED("item_restored", true, false),
    FILE_CREATED("file_created", true, false),
    FILE_UPDATED("file_updated", true, false),
    FOLDER_SHARED("folder_shared", true, false),
    FOLDER_UNSHARED("folder_unshared", true, false),
    SESSION_CLOSED("session_closed", true, true);

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final boolean streamed;
    private final boolean endsSessionStreams;

    EventType(String wireName, boolean streamed, boolean endsSessionStreams) {
        this.wireName = wireName;
        this.streamed = streamed;
        this.endsSessionStreams = endsSessionStreams;
    }

    /** The name in the database, in notifications and in the {@code event:} field of a stream. */
    String wireName() {
        return wireName;
    }

    /** Whether it reaches the event streams of the users it concerns (the others are for instances only). */
    boolean streamed() {
        return streamed;
    }

    /**
     * Whether it ends the event streams of the session it names: the session is gone, or is no longer (only) logged in
     * as the user its streams were opened for.
     */
    boolean endsSessionStreams() {
        return endsSessionStreams;
    }

    /**
     * Whether it may change what a user can read or what a file holds (a share, an unshare, a delete, a move, new
     * content, a session or user ended), so that files read from memory must be read again.
     */
    boolean changesFileAccess() {
        return switch (this) {
            case USER_REGISTERED, USER_LOGGED_IN, USER_LOGGED_OUT, LINK_USED, FOLDER_CREATED, FILE_CREATED -> false;
            default -> true;
        };
    }

    static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    /** A counter {@code name} for each type that {@code counted} accepts, tagged with the type's wire name. */
    static Map<EventType, Counter> counters(
            String name, String description, Predicate<EventType> counted, MeterRegistry meters) {
        Map<EventType, Counter> counters = new EnumMap<>(EventType.class);
        Arrays.stream(values())
                .filter(counted)
                .forEach(type -> counters.put(
                        type,
                        Counter.builder(name)
                                .description(description)
                                .tag("type", type.wireName())
                                .register(meters)));
        return counters;
    }
}
