package dev.filesys.file.events;

import dev.filesys.file.accounts.UserLoggedIn;
import dev.filesys.file.accounts.UserLoggedOut;
import dev.filesys.file.accounts.UserRegistered;
import dev.filesys.file.files.FileDeleted;
import dev.filesys.file.files.FileStored;
import dev.filesys.file.files.ItemMoved;
import dev.filesys.file.files.ItemRestored;
import dev.filesys.file.files.ItemTrashed;
import dev.filesys.file.folders.FolderCreated;
import dev.filesys.file.links.LinkUsed;
import dev.filesys.file.sessions.SessionClosed;
import dev.filesys.file.shares.FileShared;
import dev.filesys.file.shares.FileUnshared;
import dev.filesys.file.shares.FolderShared;
import dev.filesys.file.shares.FolderUnshared;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the features' own announcements (application events published inside their transactions) into broadcasts.
 * The listeners run synchronously, in the feature's transaction, so the broadcast commits or rolls back with the
 * change; the features know nothing of this package.
 *
 * <p>What each event carries is decided here, by who receives it, as one payload record per event type whose
 * components are the event's fields in the order the stream shows them: a recipient of a share may see the file's name and
 * the owner's username (they can list both), never who else a file is shared with, never a token.
 */
@Component
class FeatureEvents {

    private final EventPublisher publisher;

    FeatureEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** {@code user.registered}: the new user and the session they registered in. */
    record Registered(UUID userId, String username, UUID sessionId) {}

    /** {@code user.logged-in} and {@code user.logged-out}: whose session. */
    record UserSession(UUID userId, UUID sessionId) {}

    /** {@code file.shared}: what a recipient may know of a share, never who else has one. */
    record Shared(
            UUID fileId,
            String fileName,
            UUID ownerId,
            String owner,
            UUID recipientId,
            String recipient,
            String permission,
            Instant expiresAt,
            boolean created) {}

    /** {@code file.unshared}: the share that ended. */
    record Unshared(UUID fileId, String fileName, UUID ownerId, String owner, UUID recipientId, String recipient) {}

    /** {@code folder_shared}: as {@code file_shared}, for a folder and all it holds. */
    record SharedFolder(
            UUID folderId,
            String folderName,
            UUID ownerId,
            String owner,
            UUID recipientId,
            String recipient,
            String permission,
            Instant expiresAt,
            boolean created) {}

    /** {@code folder_unshared}: the folder share that ended. */
    record UnsharedFolder(
            UUID folderId, String folderName, UUID ownerId, String owner, UUID recipientId, String recipient) {}

    /** {@code file.deleted}: the file, for those it was shared with. */
    record Deleted(UUID fileId, String fileName, UUID ownerId, String owner) {}

    /** {@code folder_created}: the new folder and where it is. */
    record Created(UUID folderId, String name, UUID parentId, UUID ownerId) {}

    /** {@code item_moved}: a file or folder renamed or moved, where it was and where it is. */
    record Moved(
            String kind, UUID itemId, String name, UUID folderId, String oldName, UUID oldFolderId, UUID ownerId) {}

    /**
     * {@code item_trashed} and {@code item_restored}: which file or folder, its name, the folder it was (or now is) in,
     * and its owner. The item's id is {@code itemId}: every event's {@code id} is the event's own.
     */
    record Item(String kind, UUID itemId, String name, UUID folderId, UUID ownerId, String owner) {}

    /** {@code file_created} and {@code file_updated}: the file and its new content's size and type, never its digest. */
    record Stored(UUID fileId, String fileName, UUID ownerId, String owner, long size, String contentType) {}

    /** {@code session.closed}: which session, and why, in lower case ({@code logout}, {@code expired}, …). */
    record Closed(UUID sessionId, UUID userId, String reason) {}

    @EventListener
    void on(UserRegistered event) {
        publisher.publish(Broadcast.of(
                EventType.USER_REGISTERED,
                List.of(event.userId()),
                new Registered(event.userId(), event.username(), event.sessionId())));
    }

    @EventListener
    void on(UserLoggedIn event) {
        publisher.publish(Broadcast.of(
                EventType.USER_LOGGED_IN, List.of(event.userId()), new UserSession(event.userId(), event.sessionId())));
    }

    @EventListener
    void on(UserLoggedOut event) {
        publisher.publish(Broadcast.of(
                EventType.USER_LOGGED_OUT,
                List.of(event.userId()),
                new UserSession(event.userId(), event.sessionId())));
    }

    @EventListener
    void on(FileShared event) {
        publisher.publish(Broadcast.of(
                EventType.FILE_SHARED,
                List.of(event.recipientId()),
                new Shared(
                        event.fileId(),
                        event.fileName(),
                        event.ownerId(),
                        event.ownerName(),
                        event.recipientId(),
                        event.recipientName(),
                        event.permission(),
                        event.expiresAt(),
                        event.created())));
    }

    @EventListener
    void on(FileUnshared event) {
        publisher.publish(Broadcast.of(
                EventType.FILE_UNSHARED,
                List.of(event.recipientId()),
                new Unshared(
                        event.fileId(),
                        event.fileName(),
                        event.ownerId(),
                        event.ownerName(),
                        event.recipientId(),
                        event.recipientName())));
    }

    /** To the recipient, and to the owner's other sessions (the owner may list the folder's shares). */
    @EventListener
    void on(FolderShared event) {
        publisher.publish(Broadcast.of(
                EventType.FOLDER_SHARED,
                List.of(event.ownerId(), event.recipientId()),
                new SharedFolder(
                        event.folderId(),
                        event.folderName(),
                        event.ownerId(),
                        event.ownerName(),
                        event.recipientId(),
                        event.recipientName(),
                        event.permission(),
                        event.expiresAt(),
                        event.created())));
    }

    @EventListener
    void on(FolderUnshared event) {
        publisher.publish(Broadcast.of(
                EventType.FOLDER_UNSHARED,
                List.of(event.ownerId(), event.recipientId()),
                new UnsharedFolder(
                        event.folderId(),
                        event.folderName(),
                        event.ownerId(),
                        event.ownerName(),
                        event.recipientId(),
                        event.recipientName())));
    }

    @EventListener
    void on(FileDeleted event) {
        publisher.publish(Broadcast.of(
                EventType.FILE_DELETED,
                event.sharedWith(),
                new Deleted(event.fileId(), event.fileName(), event.ownerId(), event.ownerName())));
    }

    /** {@code link.used}: for the link's owner, a download through one of their links. */
    record Used(
            UUID linkId, String label, UUID fileId, String fileName, long bytes, int downloads, String clientAddress) {}

    @EventListener
    void on(LinkUsed event) {
        publisher.publish(Broadcast.of(
                EventType.LINK_USED,
                List.of(event.ownerId()),
                new Used(
                        event.linkId(),
                        event.label(),
                        event.fileId(),
                        event.fileName(),
                        event.bytes(),
                        event.downloads(),
                        event.clientAddress())));
    }

    @EventListener
    void on(FolderCreated event) {
        publisher.publish(Broadcast.of(
                EventType.FOLDER_CREATED,
                event.audience(),
                new Created(event.folderId(), event.name(), event.parentId(), event.ownerId())));
    }

    @EventListener
    void on(ItemMoved event) {
        publisher.publish(Broadcast.of(
                EventType.ITEM_MOVED,
                event.audience(),
                new Moved(
                        event.kind(),
                        event.id(),
                        event.name(),
                        event.folderId(),
                        event.oldName(),
                        event.oldFolderId(),
                        event.ownerId())));
    }

    @EventListener
    void on(ItemTrashed event) {
        publisher.publish(Broadcast.of(
                EventType.ITEM_TRASHED,
                ownerAndReaders(event.ownerId(), event.sharedWith()),
                new Item(
                        event.kind(), event.id(), event.name(), event.folderId(), event.ownerId(), event.ownerName())));
    }

    @EventListener
    void on(ItemRestored event) {
        publisher.publish(Broadcast.of(
                EventType.ITEM_RESTORED,
                ownerAndReaders(event.ownerId(), event.sharedWith()),
                new Item(
                        event.kind(), event.id(), event.name(), event.folderId(), event.ownerId(), event.ownerName())));
    }

    /** The owner (every session of theirs: the other devices) and those who can read the item. */
    private static List<UUID> ownerAndReaders(UUID owner, List<UUID> readers) {
        List<UUID> audience = new ArrayList<>(readers.size() + 1);
        audience.add(owner);
        readers.stream().filter(reader -> !reader.equals(owner)).forEach(audience::add);
        return audience;
    }

    @EventListener
    void on(FileStored event) {
        publisher.publish(Broadcast.of(
                event.created() ? EventType.FILE_CREATED : EventType.FILE_UPDATED,
                event.audience(),
                new Stored(
                        event.fileId(),
                        event.fileName(),
                        event.ownerId(),
                        event.ownerName(),
                        event.size(),
                        event.contentType())));
    }

    @EventListener
    void on(SessionClosed event) {
        publisher.publish(Broadcast.of(
                EventType.SESSION_CLOSED,
                List.of(event.userId()),
                new Closed(
                        event.sessionId(), event.userId(), event.reason().name().toLowerCase(Locale.ROOT))));
    }
}
