package dev.filesys.file.events;

import dev.filesys.file.accounts.UserLoggedIn;
import dev.filesys.file.accounts.UserLoggedOut;
import dev.filesys.file.accounts.UserRegistered;
import dev.filesys.file.files.FileDeleted;
import dev.filesys.file.sessions.SessionClosed;
import dev.filesys.file.shares.FileShared;
import dev.filesys.file.shares.FileUnshared;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the features' own announcements (application events published inside their transactions) into broadcasts.
 * The listeners run synchronously, in the feature's transaction, so the broadcast commits or rolls back with the
 * change; the features know nothing of this package.
 *
 * <p>What each event carries is decided here, by who receives it: a recipient of a share may see the file's name and
 * the owner's username (they can list both), never who else a file is shared with, never a token.
 */
@Component
class FeatureEvents {

    private final EventPublisher publisher;

    FeatureEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @EventListener
    void on(UserRegistered event) {
        publisher.publish(new Broadcast(
                EventType.USER_REGISTERED,
                List.of(event.userId()),
                fields("userId", event.userId(), "username", event.username(), "sessionId", event.sessionId())));
    }

    @EventListener
    void on(UserLoggedIn event) {
        publisher.publish(new Broadcast(
                EventType.USER_LOGGED_IN,
                List.of(event.userId()),
                fields("userId", event.userId(), "sessionId", event.sessionId())));
    }

    @EventListener
    void on(UserLoggedOut event) {
        publisher.publish(new Broadcast(
                EventType.USER_LOGGED_OUT,
                List.of(event.userId()),
                fields("userId", event.userId(), "sessionId", event.sessionId())));
    }

    @EventListener
    void on(FileShared event) {
        publisher.publish(new Broadcast(
                EventType.FILE_SHARED,
                List.of(event.recipientId()),
                fields(
                        "fileId", event.fileId(),
                        "fileName", event.fileName(),
                        "ownerId", event.ownerId(),
                        "owner", event.ownerName(),
                        "recipientId", event.recipientId(),
                        "recipient", event.recipientName(),
                        "permission", event.permission(),
                        "expiresAt", event.expiresAt(),
                        "created", event.created())));
    }

    @EventListener
    void on(FileUnshared event) {
        publisher.publish(new Broadcast(
                EventType.FILE_UNSHARED,
                List.of(event.recipientId()),
                fields(
                        "fileId", event.fileId(),
                        "fileName", event.fileName(),
                        "ownerId", event.ownerId(),
                        "owner", event.ownerName(),
                        "recipientId", event.recipientId(),
                        "recipient", event.recipientName())));
    }

    @EventListener
    void on(FileDeleted event) {
        publisher.publish(new Broadcast(
                EventType.FILE_DELETED,
                event.sharedWith(),
                fields(
                        "fileId", event.fileId(),
                        "fileName", event.fileName(),
                        "ownerId", event.ownerId(),
                        "owner", event.ownerName())));
    }

    @EventListener
    void on(SessionClosed event) {
        publisher.publish(new Broadcast(
                EventType.SESSION_CLOSED,
                List.of(event.userId()),
                fields(
                        "sessionId", event.sessionId(),
                        "userId", event.userId(),
                        "reason", event.reason().name().toLowerCase(Locale.ROOT))));
    }

    /** Name, value, name, value, …: in order, as the stream shows them. */
    private static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }
}
