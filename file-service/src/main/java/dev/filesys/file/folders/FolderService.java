package dev.filesys.file.folders;

import dev.filesys.file.files.FileNames;
import dev.filesys.file.files.FileNotFound;
import dev.filesys.file.files.FilePaths;
import dev.filesys.file.files.FileService;
import dev.filesys.file.files.FileView;
import dev.filesys.file.files.FolderNotFound;
import dev.filesys.file.files.FolderTree;
import dev.filesys.file.files.ItemMoved;
import dev.filesys.file.files.NotOwner;
import dev.filesys.file.paging.Cursors;
import dev.filesys.file.paging.Keyset;
import dev.filesys.file.paging.Listing;
import dev.filesys.file.paging.Page;
import dev.filesys.file.paging.PageRequest;
import dev.filesys.file.paging.SortField;
import dev.filesys.support.ApiError;
import dev.filesys.support.IfMatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Folders: creating, finding (by id or path), listing, renaming and moving, deleting to the trash, and the rows of
 * folder shares. Only the owner changes a folder; a folder share gives read access to all the folder holds, now and
 * later, through every level below it. Each change of a folder's name or place is one row update, however much it holds.
 */
@Service
public class FolderService {

    /** The groups of a listing of folders and files: the folders come first, whatever the order. */
    private static final int FOLDERS = 0;

    private static final int FILES = 1;

    private final FolderRepository repository;
    private final FolderTree tree;
    private final FileService files;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Cursors cursors;

    FolderService(
            FolderRepository repository,
            FolderTree tree,
            FileService files,
            Cursors cursors,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions) {
        this.repository = repository;
        this.tree = tree;
        this.files = files;
        this.cursors = cursors;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * Creates a folder in the caller's folder {@code parentId} (null: the root folder).
     *
     * @throws FolderNotFound when the parent is not the caller's live folder
     * @throws dev.filesys.file.files.NameTaken when the parent holds a file or folder of that name
     */
    FolderView create(UUID user, @Nullable UUID parentId, String rawName) {
        String name = FileNames.normalize(rawName);
        return tx.execute(status -> {
            tree.lockLive(user, null); // changes of the tree's shape take turns
            UUID parent = tree.lockLive(user, parentId);
            if (tree.depth(parent) + 1 > FolderTree.MAX_DEPTH) {
                throw FolderTree.tooDeep();
            }
            tree.requireNameFree(parent, name, null);
            UUID id = tree.insert(user, parent, name);
            events.publishEvent(new FolderCreated(id, name, parent, user, audience(user, parent, null)));
            return FolderView.of(repository.findVisible(user, id).orElseThrow(), null);
        });
    }

    /** The caller's root folder's id. */
    UUID rootOf(UUID user) {
        return tree.root(user);
    }

    /** A folder the caller may read (null: the caller's root folder); the owner also sees its shares. */
    @Transactional(readOnly = true)
    FolderView describe(UUID user, @Nullable UUID folderId) {
        FolderRecord folder = find(user, folderId);
        return FolderView.of(folder, folder.owned() ? repository.activeShares(folder.id()) : null);
    }

    private FolderRecord find(UUID user, @Nullable UUID folderId) {
        UUID id = folderId == null ? tree.root(user) : folderId;
        return repository.findVisible(user, id).orElseThrow(FolderNotFound::noSuchFolder);
    }

    /**
     * One page of what a folder the caller may read holds: its folders, then its files, each in the request's order.
     *
     * @throws dev.filesys.support.ApiException {@code 400 INVALID_CURSOR} for a cursor of another listing, user or
     *     order, or altered
     */
    @Transactional(readOnly = true)
    Page<Object> children(UUID user, @Nullable UUID folderId, PageRequest request) {
        FolderRecord folder = find(user, folderId);
        Listing listing = new Listing("children", user, folder.id());
        Keyset keyset = cursors.keyset(request, listing);
        List<Object> rows =
                new ArrayList<>(repository.children(user, folder.id(), keyset, FOLDERS, request.fetchSize()));
        if (rows.size() < request.fetchSize()) {
            rows.addAll(files.children(user, folder.id(), keyset, FILES, request.fetchSize() - rows.size()));
        }
        return page(rows, request, listing);
    }

    /** The page of folder records and file views, folders shown as views. */
    private Page<Object> page(List<Object> rows, PageRequest request, Listing listing) {
        SortField field = request.sort().field();
        return cursors.page(rows, request, listing, row -> position(row, field))
                .map(row -> row instanceof FolderRecord folder ? FolderView.of(folder, null) : row);
    }

    /** A row's place in a listing of folders ({@link #FOLDERS}, by name when by size) and files ({@link #FILES}). */
    private static Keyset.Position position(Object row, SortField field) {
        if (row instanceof FolderRecord folder) {
            Object key = switch (field) {
                case CREATED_AT -> folder.createdAt();
                case UPDATED_AT -> folder.updatedAt();
                default -> folder.name();
            };
            return new Keyset.Position(FOLDERS, key, folder.id());
        }
        FileView file = (FileView) row;
        Object key = switch (field) {
            case CREATED_AT -> file.createdAt();
            case UPDATED_AT -> file.updatedAt();
            case SIZE -> file.size();
            default -> file.name();
        };
        return new Keyset.Position(FILES, key, file.fileId());
    }

    /**
     * The caller's own file or folder at {@code path} ({@code /} is the root folder).
     *
     * @throws FileNotFound when nothing is there
     */
    @Transactional(readOnly = true)
    Object resolve(UUID user, String path) {
        List<String> names = FilePaths.parse(path);
        if (names.isEmpty()) {
            return describe(user, null);
        }
        UUID parent = tree.find(user, names.subList(0, names.size() - 1)).orElseThrow(FolderService::nothingThere);
        String name = names.getLast();
        return repository
                .findChild(user, parent, name)
                .<Object>map(folder -> FolderView.of(folder, repository.activeShares(folder.id())))
                .or(() -> files.describeNamed(user, parent, name))
                .orElseThrow(FolderService::nothingThere);
    }

    private static FileNotFound nothingThere() {
        return new FileNotFound("Nothing is at that path.");
    }

    /**
     * Renames a folder the caller owns, moves it to another of the caller's folders, or both: one row update, and a
     * new version; what it holds goes with it.
     *
     * @param name the new name, or null to keep it
     * @param parentId the folder to move it into, or null to keep it where it is
     */
    FolderView update(UUID user, UUID folderId, @Nullable String name, @Nullable UUID parentId, IfMatch ifMatch) {
        String newName = name == null ? null : FileNames.normalize(name);
        return tx.execute(status -> {
            tree.lockLive(user, null); // changes of the tree's shape take turns
            FolderRecord folder = requireOwned(user, folderId);
            ifMatch.check(folder.version(), "folder");
            UUID oldParent = folder.parentId();
            if (oldParent == null) {
                throw rootImmutable();
            }
            UUID target = parentId == null ? oldParent : tree.lockLive(user, parentId);
            if (!target.equals(oldParent)) {
                if (repository.isInSubtree(folderId, target)) {
                    throw ApiError.MOVE_INTO_OWN_SUBTREE.exception(
                            "A folder cannot go into itself or a folder below it; nothing was changed.");
                }
                if (tree.depth(target) + 1 + repository.height(folderId) > FolderTree.MAX_DEPTH) {
                    throw FolderTree.tooDeep();
                }
            } else {
                tree.lockLive(user, target);
            }
            String finalName = newName == null ? folder.name() : newName;
            if (target.equals(oldParent) && finalName.equals(folder.name())) {
                return FolderView.of(folder, null);
            }
            tree.requireNameFree(target, finalName, folderId);
            List<UUID> audience = audience(user, folderId, target);
            repository.move(folderId, target, finalName);
            events.publishEvent(new ItemMoved(
                    FolderView.KIND, folderId, finalName, target, folder.name(), oldParent, user, audience));
            return FolderView.of(repository.findVisible(user, folderId).orElseThrow(), null);
        });
    }

    /**
     * Makes sure the caller owns the live folder, locking it until the transaction ends.
     *
     * @return the folder (without its shares)
     * @throws FolderNotFound when the caller cannot see it
     * @throws NotOwner when only a folder share reaches it
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public FolderView requireOwner(UUID user, UUID folderId) {
        return FolderView.of(requireOwned(user, folderId), null);
    }

    private FolderRecord requireOwned(UUID user, UUID folderId) {
        FolderRecord folder = repository.findVisibleForUpdate(user, folderId).orElseThrow(FolderNotFound::noSuchFolder);
        if (!folder.owned()) {
            throw new NotOwner("Only the folder's owner may do this.");
        }
        return folder;
    }

    /** A folder share as it is after a grant, and whether the grant created it. */
    public record Granted(Instant createdAt, boolean created) {}

    /**
     * Grants or updates a folder share of the caller's folder; the caller has checked the permission, the expiry and
     * the grantee, and holds the folder's lock ({@link #requireOwner}).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Granted share(UUID folderId, UUID grantee, String permission, @Nullable Instant expiresAt) {
        return repository.upsertShare(folderId, grantee, permission, expiresAt);
    }

    /** Revokes a folder share; returns whether it existed and had not expired. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean unshare(UUID folderId, UUID grantee) {
        return repository.deleteShare(folderId, grantee);
    }

    /**
     * One page of what is shared directly with the caller: the folders (by folder shares), then the files (by file
     * shares), each in the request's order.
     *
     * @throws dev.filesys.support.ApiException {@code 400 INVALID_CURSOR} for a cursor of another listing, user or
     *     order, or altered
     */
    @Transactional(readOnly = true)
    Page<Object> sharedWithMe(UUID user, PageRequest request) {
        Listing listing = new Listing("shared", user, null);
        Keyset keyset = cursors.keyset(request, listing);
        List<Object> rows = new ArrayList<>(repository.sharedWith(user, keyset, FOLDERS, request.fetchSize()));
        if (rows.size() < request.fetchSize()) {
            rows.addAll(files.sharedWithMe(user, keyset, FILES, request.fetchSize() - rows.size()));
        }
        return page(rows, request, listing);
    }

    /**
     * Who hears of a change in the folder {@code folder} (and, for a move, in {@code target}): the owner, and the
     * users a folder share of either or of a folder above either reaches.
     */
    private List<UUID> audience(UUID owner, UUID folder, @Nullable UUID target) {
        LinkedHashSet<UUID> users = new LinkedHashSet<>();
        users.add(owner);
        users.addAll(tree.grantees(folder));
        if (target != null) {
            users.addAll(tree.grantees(target));
        }
        return new ArrayList<>(users);
    }

    private static dev.filesys.support.ApiException rootImmutable() {
        return ApiError.ROOT_FOLDER_IMMUTABLE.exception(
                "Your root folder cannot be renamed, moved or deleted; nothing was changed.");
    }
}
