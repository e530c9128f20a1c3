package dev.filesys.file.trash;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.blobs.Blobs;
import dev.filesys.file.files.FileNames;
import dev.filesys.file.files.FileService;
import dev.filesys.file.files.FolderTree;
import dev.filesys.file.files.ItemRestored;
import dev.filesys.file.files.ItemTrashed;
import dev.filesys.file.files.NameTaken;
import dev.filesys.file.files.StorageQuota;
import dev.filesys.file.paging.Cursors;
import dev.filesys.file.paging.Keyset;
import dev.filesys.file.paging.Listing;
import dev.filesys.file.paging.Page;
import dev.filesys.file.paging.PageRequest;
import dev.filesys.file.paging.PageSort;
import dev.filesys.file.paging.SortField;
import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import dev.filesys.support.IfMatch;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each user's trash. Deleting a file or folder marks it (and a folder's live subtree) as trashed; every read path
 * sees live rows only, so the owner's listings and every sharee lose it at once. An item stays in the trash, counting
 * toward its owner's quota, until it is restored, purged, or {@code filesys.trash.retention} has passed.
 */
@Service
public class TrashService implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(TrashService.class);
    private static final int BATCH = 100;

    /** What can be deleted to the trash. */
    public enum Kind {
        FILE,
        FOLDER
    }

    private final TrashRepository repository;
    private final FileService files;
    private final FolderTree tree;
    private final StorageQuota quota;
    private final Blobs blobs;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Duration retention;
    private final FileServiceProperties.Sweeper sweeper;
    private final Clock clock;
    private final Cursors cursors;

    TrashService(
            TrashRepository repository,
            FileService files,
            FolderTree tree,
            StorageQuota quota,
            Blobs blobs,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            FileServiceProperties properties,
            Clock clock,
            Cursors cursors) {
        this.repository = repository;
        this.files = files;
        this.tree = tree;
        this.quota = quota;
        this.blobs = blobs;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.retention = properties.trash().retention();
        this.sweeper = properties.sweeper();
        this.clock = clock;
        this.cursors = cursors;
    }

    /**
     * Moves a file or folder the caller owns to their trash, a folder with everything under it that is not in the trash
     * already; those who could read it are told {@code item_trashed} (computed before the change).
     *
     * @param ifMatch the request's If-Match, or null
     * @throws ApiException {@code FILE_NOT_FOUND}/{@code FOLDER_NOT_FOUND}, {@code NOT_OWNER},
     *     {@code ROOT_FOLDER_IMMUTABLE}, {@code PRECONDITION_FAILED}
     */
    public void moveToTrash(UUID user, Kind kind, UUID id, @Nullable String ifMatch) {
        if (kind == Kind.FILE) {
            files.delete(user, id, IfMatch.parse(ifMatch));
            return;
        }
        tx.executeWithoutResult(status -> {
            tree.lockLive(user, null); // the lock every change of the tree's shape takes: no move into it meanwhile
            TrashRepository.Folder folder = repository.lockFolder(id).orElseThrow(TrashService::folderNotFound);
            if (!folder.ownerId().equals(user)) {
                throw repository.folderGrantees(id).contains(user)
                        ? ApiError.NOT_OWNER.exception("Only the folder's owner may do this.")
                        : folderNotFound();
            }
            if (folder.parentId() == null) {
                throw ApiError.ROOT_FOLDER_IMMUTABLE.exception("Your root folder cannot be deleted.");
            }
            IfMatch.parse(ifMatch).check(folder.version(), "folder");
            List<UUID> readers = repository.folderGrantees(id);
            repository.trashFolder(id);
            events.publishEvent(new ItemTrashed(
                    "folder", id, folder.name(), folder.parentId(), user, repository.username(user), readers));
        });
    }

    /** What the trash can be sorted by. */
    static final Set<SortField> SORT_FIELDS = EnumSet.of(SortField.TRASHED_AT, SortField.NAME, SortField.SIZE);

    /** The default order: most recently deleted first. */
    static final PageSort DEFAULT_SORT = new PageSort(SortField.TRASHED_AT, true);

    /**
     * One page of the owner's trash, in the request's order.
     *
     * @throws dev.filesys.support.ApiException {@code 400 INVALID_CURSOR} for a cursor of another listing, user or
     *     order, or altered
     */
    Page<TrashItemView> list(UUID owner, PageRequest request) {
        Listing listing = new Listing("trash", owner, null);
        Keyset keyset = cursors.keyset(request, listing);
        List<TrashItemView> rows = repository.list(owner, keyset, request.fetchSize(), retention);
        SortField field = request.sort().field();
        return cursors.page(
                rows,
                request,
                listing,
                item -> new Keyset.Position(
                        switch (field) {
                            case NAME -> item.name();
                            case SIZE -> item.size();
                            default -> item.trashedAt();
                        },
                        item.id()));
    }

    /**
     * The id of the owner's trash item named by {@code idOrName}: an id, or the name of the most recently deleted item
     * of that name.
     */
    UUID resolve(UUID owner, String idOrName) {
        try {
            return UUID.fromString(idOrName);
        } catch (IllegalArgumentException e) {
            return repository.findByName(owner, idOrName).stream()
                    .findFirst()
                    .map(TrashRepository.Item::id)
                    .orElseThrow(TrashService::notFound);
        }
    }

    /**
     * Brings an item back with everything that went to the trash with it: to the folder it was in, under its name,
     * unless the request names another folder or name.
     *
     * @throws ApiException {@code TRASH_ITEM_NOT_FOUND}; {@code RESTORE_TARGET_GONE} when the folder it was in is gone
     *     or in the trash (and no other was named); {@code FOLDER_NOT_FOUND} for a named folder that is not a live one
     *     of the owner's; {@code NAME_TAKEN} when the target folder has a live item of that name
     */
    Object restore(UUID owner, UUID id, RestoreRequest request) {
        String name = request.name() == null ? null : FileNames.normalize(request.name());
        TrashRepository.Item item = tx.execute(status -> {
            TrashRepository.Item found = repository.findForUpdate(owner, id).orElseThrow(TrashService::notFound);
            UUID folderId = request.folderId() == null ? found.folderId() : request.folderId();
            if (repository.lockLiveFolder(owner, folderId).isEmpty()) {
                throw request.folderId() == null
                        ? ApiError.RESTORE_TARGET_GONE.exception("The folder it was in is gone or in the trash;"
                                + " restore it there first, or give a folderId to restore into.")
                        : folderNotFound();
            }
            String restoredName = name == null ? found.name() : name;
            if (repository.nameTaken(folderId, restoredName)) {
                throw new NameTaken("That folder already has an item named " + restoredName
                        + "; give another name (or folderId) to restore it under.");
            }
            repository.restore(found, folderId, restoredName);
            List<UUID> readers = found.kind().equals("file") ? files.readers(id) : repository.folderGrantees(id);
            events.publishEvent(new ItemRestored(
                    found.kind(), id, restoredName, folderId, owner, repository.username(owner), readers));
            return found;
        });
        return item.kind().equals("file") ? files.describe(owner, id) : repository.folder(id);
    }

    /** Deletes an item in the owner's trash for good, with everything under it; its bytes leave the quota. */
    void purge(UUID owner, UUID id) {
        tx.executeWithoutResult(status -> purge(lockedItem(owner, id).orElseThrow(TrashService::notFound)));
    }

    /** Purges everything in the owner's trash; returns how many items went. */
    int empty(UUID owner) {
        int purged = 0;
        List<TrashItemView> page;
        do {
            page = repository.list(owner, new Keyset(DEFAULT_SORT, null), BATCH, retention);
            for (TrashItemView item : page) {
                Boolean gone = tx.execute(status -> lockedItem(owner, item.id())
                        .map(found -> {
                            purge(found);
                            return true;
                        })
                        .orElse(false));
                purged += Boolean.TRUE.equals(gone) ? 1 : 0;
            }
        } while (page.size() == BATCH);
        return purged;
    }

    /** Purges the items older than the retention, every owner's; returns how many went. */
    public int purgeExpired() {
        int purged = 0;
        List<TrashRepository.Item> batch;
        do {
            batch = repository.trashedBefore(clock.instant().minus(retention), BATCH);
            for (TrashRepository.Item item : batch) {
                try {
                    tx.executeWithoutResult(
                            status -> lockedItem(item.ownerId(), item.id()).ifPresent(this::purge));
                    purged++;
                } catch (RuntimeException e) {
                    log.warn("purging trash item {} failed; the next pass retries", item.id(), e);
                    return purged;
                }
            }
        } while (batch.size() == BATCH);
        if (purged > 0) {
            log.info("purged {} trash items past retention", purged);
        }
        return purged;
    }

    /** Purges the items older than the retention ({@link #purgeExpired}) on the sweeper's schedule. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        sweeper.schedule(tasks, this::purgeExpired);
    }

    /**
     * Locks the owner's usage row, then the trash item's, in the caller's transaction: the order every writer of usage
     * takes them (uploads, a removal of the owner), so a purge racing them waits instead of deadlocking.
     */
    private Optional<TrashRepository.Item> lockedItem(UUID owner, UUID id) {
        quota.lock(owner);
        return repository.findForUpdate(owner, id);
    }

    /** In the caller's transaction, with the owner's usage and the item's row locked ({@link #lockedItem}). */
    private void purge(TrashRepository.Item item) {
        TrashRepository.Freed freed = repository.purge(item);
        quota.charge(item.ownerId(), -freed.bytes());
        quota.countFiles(item.ownerId(), -freed.files());
        freed.blobs().forEach(blobs::release);
    }

    static ApiException notFound() {
        return ApiError.TRASH_ITEM_NOT_FOUND.exception("Your trash holds no such item.");
    }

    static ApiException folderNotFound() {
        return ApiError.FOLDER_NOT_FOUND.exception("You have no such folder.");
    }
}
