package dev.filesys.file.files;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.audience.Audience;
import dev.filesys.file.blobs.Blobs;
import dev.filesys.file.blobs.ContentReadFailed;
import dev.filesys.file.blobs.DeadlineExceeded;
import dev.filesys.file.blobs.SizeLimitExceeded;
import dev.filesys.file.blobs.StageLimits;
import dev.filesys.file.blobs.StagedBlob;
import dev.filesys.file.blobs.TransferPace;
import dev.filesys.file.blobs.TransferTooSlow;
import dev.filesys.file.files.FileRepository.UploadFacts;
import dev.filesys.file.paging.Cursors;
import dev.filesys.file.paging.Keyset;
import dev.filesys.file.paging.Listing;
import dev.filesys.file.paging.Page;
import dev.filesys.file.paging.PageRequest;
import dev.filesys.file.paging.SortField;
import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import dev.filesys.support.IfMatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Files: storing uploads, finding what a caller may see, deleting. The one type the other features use.
 *
 * <p>An upload is staged (streamed to a temporary file while hashed, fsynced), then recorded in one transaction that
 * checks the name, charges the quota, publishes the blob and writes the row; a failure before that commits leaves no
 * visible file. An overwrite keeps the file's id and shares and replaces its content; the content it replaces is kept
 * as a version (and keeps counting toward the owner's quota until the version is removed). Either is announced
 * ({@link FileStored}) to the file's audience in the same transaction. A delete moves the file to its owner's trash.
 */
@Service
public class FileService {

    private static final Logger log = LoggerFactory.getLogger(FileService.class);

    private final FileRepository repository;
    private final FileReadCache readCache;
    private final FolderTree tree;
    private final StorageQuota quota;
    private final Blobs blobs;
    private final UploadFailpoints failpoints;
    private final ApplicationEventPublisher events;
    private final Cursors cursors;
    private final Audience audience;
    private final TransactionTemplate tx;
    private final long maxFileSize;
    private final long minFreeSpace;
    private final TransferPace pace;
    private final Counter uploadedBytes;

    FileService(
            FileRepository repository,
            FileReadCache readCache,
            FolderTree tree,
            StorageQuota quota,
            Blobs blobs,
            UploadFailpoints failpoints,
            ApplicationEventPublisher events,
            Cursors cursors,
            Audience audience,
            PlatformTransactionManager transactions,
            FileServiceProperties properties,
            MeterRegistry meters) {
        this.repository = repository;
        this.readCache = readCache;
        this.tree = tree;
        this.quota = quota;
        this.blobs = blobs;
        this.failpoints = failpoints;
        this.events = events;
        this.cursors = cursors;
        this.audience = audience;
        this.tx = new TransactionTemplate(transactions);
        this.maxFileSize = properties.storage().maxFileSize().toBytes();
        this.minFreeSpace = properties.storage().minFreeSpace().toBytes();
        this.pace = TransferPace.of(properties.uploads());
        this.uploadedBytes = uploadedBytesCounter(meters, "simple");
    }

    /**
     * A simple upload as the client sent it.
     *
     * @param name the name as given (normalised here)
     * @param contentType the request's Content-Type, or null
     * @param contentLength the declared body length, or -1 when the body is chunked
     * @param checksum the {@code X-Checksum-SHA256} header, or null
     * @param place the folder it goes into
     * @param ifMatch the version an overwrite must replace
     */
    public record SimpleUpload(
            String name,
            boolean overwrite,
            @Nullable String contentType,
            long contentLength,
            @Nullable String checksum,
            Place place,
            IfMatch ifMatch) {}

    /**
     * The folder an upload goes into: by id, or by path from the root folder (the folders on the path that are
     * missing are created, as {@code mkdir -p} does), or the root folder when neither is given.
     */
    public record Place(@Nullable UUID folderId, @Nullable List<String> path) {

        /** The owner's root folder. */
        public static final Place ROOT = new Place(null, null);
    }

    /** A stored file, and whether it is new (rather than an overwrite of an existing one). */
    public record Stored(FileView file, boolean created) {}

    /**
     * Stores the body as the owner's file. Everything that can be checked before reading the body is checked first
     * (name, declared length against the size limit, quota and free space, an existing name, the file count), so a
     * refused upload costs no disk.
     */
    public Stored upload(UUID owner, SimpleUpload request, InputStream body) {
        String name = FileNames.normalize(request.name());
        String contentType = ContentTypes.normalize(request.contentType());
        String expected = ExpectedDigest.parse(request.checksum());
        long declared = request.contentLength();
        if (declared > maxFileSize) {
            throw tooLarge();
        }
        requireFreeSpace(Math.max(declared, 0));
        UploadFacts facts = uploadFacts(owner, request.place(), name);
        if (facts.folderNamed()) {
            throw folderInTheWay();
        }
        boolean exists = facts.existingSize() != null;
        if (exists && !request.overwrite()) {
            throw nameTaken();
        }
        if (!exists && request.ifMatch().present()) {
            throw noFileToMatch();
        }
        if (!exists && facts.fileCount() >= quota.maxFiles()) {
            throw quota.tooManyFiles();
        }
        // an overwrite gives nothing back: the content it replaces is kept as a version
        long headroom = Math.max(0, facts.remaining());
        if (declared > headroom) {
            throw quota.rejected(owner);
        }
        long limit = Math.min(maxFileSize, headroom);
        StagedBlob staged = stage(body, limit, limit == maxFileSize ? this::tooLarge : () -> quota.rejected(owner));
        Stored stored;
        try {
            failpoints.reached(UploadFailpoints.Point.AFTER_STAGING);
            if (expected != null && !expected.equals(staged.sha256())) {
                throw new ChecksumMismatch("The body's SHA-256 is " + staged.sha256() + ", not the " + expected
                        + " given in " + ExpectedDigest.HEADER + "; nothing was stored.");
            }
            stored = commit(
                    owner,
                    request.place(),
                    name,
                    request.overwrite(),
                    request.ifMatch(),
                    contentType,
                    staged,
                    StorageQuota.Reservation.NONE);
        } catch (RuntimeException e) {
            blobs.discard(staged);
            throw e;
        }
        uploadedBytes.increment(staged.size());
        failpoints.reached(UploadFailpoints.Point.AFTER_COMMIT);
        return stored;
    }

    /**
     * Records a staged blob as the owner's file {@code name} in one transaction: the name is checked, the file count
     * and the quota charged, the blob published and the row written, or nothing is. The staged blob is the caller's to
     * discard on failure.
     *
     * @param name a name already normalised by {@link FileNames#normalize}
     * @param reserved what the owner was already charged for this content (a resumable upload's reservation)
     * @throws NameTaken when the name exists and {@code overwrite} is false
     * @throws ApiException {@code FILE_COUNT_EXCEEDED} when a new file would give the owner more files than they may keep
     * @throws QuotaExceeded when the owner cannot store it
     */
    public Stored commit(
            UUID owner,
            Place place,
            String name,
            boolean overwrite,
            IfMatch ifMatch,
            String contentType,
            StagedBlob staged,
            StorageQuota.Reservation reserved) {
        return tx.execute(status -> {
            quota.lock(owner);
            UUID folder =
                    place.path() != null ? tree.ensure(owner, place.path()) : tree.lockLive(owner, place.folderId());
            if (tree.hasFolderNamed(folder, name)) {
                throw folderInTheWay();
            }
            Optional<FileRecord> existing = repository.findOwnedByNameForUpdate(owner, folder, name);
            if (existing.isPresent() && !overwrite) {
                throw nameTaken();
            }
            if (ifMatch.present()) {
                ifMatch.check(existing.orElseThrow(FileService::noFileToMatch).version(), "file");
            }
            // an overwrite keeps the number of files; a reserved place becomes the new file's, or is given back. The
            // replaced content stays charged: it is kept as a version
            quota.chargeLocked(
                    owner, (existing.isEmpty() ? 1 : 0) - reserved.files(), staged.size() - reserved.bytes());
            try {
                blobs.store(staged);
            } catch (IOException e) {
                throw storageFailed(e);
            }
            failpoints.reached(UploadFailpoints.Point.AFTER_PUBLISH);
            UUID id;
            FileRecord file;
            boolean created = existing.isEmpty();
            if (created) {
                id = UUID.randomUUID();
                file = repository.insertReturning(id, owner, folder, name, staged.sha256(), contentType);
            } else {
                id = existing.get().id();
                repository.replaceContent(id, staged.sha256(), contentType, owner);
                file = repository.findVisible(owner, id).orElseThrow();
            }
            events.publishEvent(new FileStored(
                    created,
                    id,
                    file.name(),
                    owner,
                    file.ownerName(),
                    file.size(),
                    file.contentType(),
                    audience.ofFile(id)));
            return new Stored(FileView.of(file, null), created);
        });
    }

    /** Refuses when storing {@code incoming} more bytes would leave the blob store below its free-space floor. */
    public void requireFreeSpace(long incoming) {
        long usable;
        try {
            usable = blobs.usableSpace();
        } catch (IOException e) {
            throw storageFailed(e);
        }
        if (usable - incoming < minFreeSpace) {
            throw new StorageFull("The blob store is short of free space; try again later.");
        }
    }

    /**
     * Whether the owner has a file or folder of this (normalised) name in the place (a place whose folders do not exist
     * yet holds nothing).
     *
     * @throws FolderNotFound when the place names a folder by an id the owner has no live folder of
     */
    public boolean exists(UUID owner, Place place, String name) {
        Optional<UUID> folder = existingFolder(owner, place);
        return folder.isPresent()
                && (tree.hasFolderNamed(folder.get(), name)
                        || repository.sizeOfNamed(owner, folder.get(), name).isPresent());
    }

    /**
     * Refuses at once what a later {@link #commit} would refuse for this {@code If-Match}: no file of that name to
     * match, or one at another version. Nothing is locked: the commit checks again.
     */
    public void requireMatch(UUID owner, Place place, String name, IfMatch ifMatch) {
        if (!ifMatch.present()) {
            return;
        }
        FileRecord existing = existingFolder(owner, place)
                .flatMap(folder -> repository.findOwnedByName(owner, folder, name))
                .orElseThrow(FileService::noFileToMatch);
        ifMatch.check(existing.version(), "file");
    }

    /**
     * What an upload checks before reading the body: for a folder given by id (or the root folder), one statement; for
     * a path, the folders are looked up one by one (a place whose folders do not exist yet holds nothing).
     *
     * @throws FolderNotFound when the place names a folder by an id the owner has no live folder of
     */
    private UploadFacts uploadFacts(UUID owner, Place place, String name) {
        if (place.path() == null) {
            UploadFacts facts = repository
                    .uploadFacts(owner, place.folderId(), name, quota.quota())
                    .orElseThrow(StorageQuota::userGone);
            if (facts.folder() == null) {
                throw FolderNotFound.noSuchFolder();
            }
            return facts;
        }
        Optional<UUID> folder = tree.find(owner, place.path());
        boolean folderNamed = folder.isPresent() && tree.hasFolderNamed(folder.get(), name);
        Long existingSize =
                folder.flatMap(id -> repository.sizeOfNamed(owner, id, name)).orElse(null);
        return new UploadFacts(
                folder.orElse(null),
                folderNamed,
                existingSize,
                quota.maxFiles() - quota.filesRemaining(owner),
                quota.remaining(owner));
    }

    /** The place's folder if it exists, without creating or locking anything. */
    private Optional<UUID> existingFolder(UUID owner, Place place) {
        if (place.path() != null) {
            return tree.find(owner, place.path());
        }
        if (place.folderId() != null) {
            if (!tree.existsLive(owner, place.folderId())) {
                throw FolderNotFound.noSuchFolder();
            }
            return Optional.of(place.folderId());
        }
        return Optional.of(tree.root(owner));
    }

    /** The largest file this service stores, in bytes. */
    public long maxFileSize() {
        return maxFileSize;
    }

    public FileTooLarge tooLarge() {
        return new FileTooLarge("Files may be at most " + ByteSizes.describe(maxFileSize) + ".");
    }

    public NameTaken nameTaken() {
        return new NameTaken("You already have a file of that name; upload with overwrite=true to replace it.");
    }

    /** The refusal for an upload whose name is a folder's in its place: an upload never replaces a folder. */
    public static NameTaken folderInTheWay() {
        return new NameTaken("A folder of that name is there; a file cannot take its place. Nothing was stored.");
    }

    /** The refusal for an upload with {@code If-Match} where no file of that name exists: nothing to match. */
    public static ApiException noFileToMatch() {
        return ApiError.PRECONDITION_FAILED.exception(
                "If-Match was sent but there is no file of that name to replace; nothing was stored.");
    }

    /**
     * Makes sure the caller owns the file, locking it until the transaction ends.
     *
     * @return the file (without its shares)
     * @throws FileNotFound when the caller cannot see it
     * @throws NotOwner when it is only shared with the caller
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public FileView requireOwner(UUID user, UUID fileId) {
        FileRecord file = repository.findVisibleForUpdate(user, fileId).orElseThrow(FileNotFound::noSuchFile);
        if (!file.owned()) {
            throw notOwner();
        }
        return FileView.of(file, null);
    }

    /**
     * Refuses with {@code 412 PRECONDITION_FAILED} unless {@code ifMatch} (an If-Match header, or null) matches the
     * file's current version; the caller holds the file's lock.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void requireVersion(UUID fileId, @Nullable String ifMatch) {
        IfMatch.parse(ifMatch).check(repository.version(fileId).orElseThrow(FileNotFound::noSuchFile), "file");
    }

    /**
     * Gives a file the owner owns (and has locked with {@link #requireOwner}) content that is already stored, such as
     * one of its versions: the content it had becomes a version, and the owner is charged for the new reference.
     *
     * @throws QuotaExceeded when the owner cannot store it; nothing changes then
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public FileView replaceContent(UUID owner, UUID fileId, String sha256, String contentType, long size) {
        quota.lock(owner);
        quota.charge(owner, size);
        repository.replaceContent(fileId, sha256, contentType, owner);
        // announced by no event (a restored version): this instance reads the new content at once, others within the
        // staleness bound
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                readCache.forgetAll();
            }
        });
        return FileView.of(repository.findVisible(owner, fileId).orElseThrow(FileNotFound::noSuchFile), null);
    }

    /** A file's metadata; the owner also sees whom it is shared with. */
    @Transactional(readOnly = true)
    public FileView describe(UUID user, UUID fileId) {
        FileRecord file = find(user, fileId);
        return FileView.of(file, file.owned() ? repository.activeShares(fileId) : null);
    }

    /**
     * One page of the files the caller sees in {@code scope}, after the request's cursor.
     *
     * @throws ApiException {@code 400 INVALID_CURSOR} for a cursor of another listing, user or sort, or altered
     */
    @Transactional(readOnly = true)
    Page<FileView> list(UUID user, FileScope scope, PageRequest request) {
        Listing listing = new Listing("files:" + scope.name().toLowerCase(Locale.ROOT), user, null);
        Keyset keyset = cursors.keyset(request, listing);
        List<FileRecord> rows = repository.list(user, scope, keyset, request.fetchSize());
        SortField field = request.sort().field();
        return cursors.page(rows, request, listing, file -> new Keyset.Position(sortKey(file, field), file.id()))
                .map(file -> FileView.of(file, null));
    }

    private static Object sortKey(FileRecord file, SortField field) {
        return switch (field) {
            case CREATED_AT -> file.createdAt();
            case UPDATED_AT -> file.updatedAt();
            case SIZE -> file.size();
            default -> file.name();
        };
    }

    /**
     * The file as the caller may download it: from memory when it was read within the staleness bound and nothing
     * changed since ({@link FileReadCache}), else one query, so no transaction around it.
     */
    FileRecord find(UUID user, UUID fileId) {
        Optional<FileRecord> known = readCache.find(user, fileId);
        if (known.isPresent()) {
            return known.get();
        }
        long generation = readCache.generation();
        long readAt = System.nanoTime();
        FileRecord file = repository.findVisible(user, fileId).orElseThrow(FileNotFound::noSuchFile);
        readCache.remember(user, file, generation, readAt);
        return file;
    }

    /**
     * Moves a file the caller owns to their trash: from now on no read finds it, for the owner or for anyone it was
     * shared with (its shares stay, and give access again if it is restored). It keeps counting toward the owner's
     * quota until it is purged. Those it was shared with are told {@code file_deleted}, as before the trash existed,
     * and every reader {@code item_trashed}.
     *
     * @param ifMatch the request's If-Match, or null
     */
    public void delete(UUID user, UUID fileId, IfMatch ifMatch) {
        tx.executeWithoutResult(status -> {
            FileRecord file = repository.findVisibleForUpdate(user, fileId).orElseThrow(FileNotFound::noSuchFile);
            if (!file.owned()) {
                throw notOwner();
            }
            ifMatch.check(file.version(), "file");
            List<UUID> sharedWith = repository.activeGrantees(fileId);
            UUID folderId = repository.trash(fileId);
            events.publishEvent(new FileDeleted(fileId, file.name(), user, file.ownerName(), sharedWith));
            events.publishEvent(
                    new ItemTrashed("file", fileId, file.name(), folderId, user, file.ownerName(), sharedWith));
        });
    }

    /**
     * Before a user's removal, in its transaction: every blob their files and versions reference is touched as released,
     * so the sweeper removes the ones nothing else references once the grace period is over (downloads in flight
     * finish). The rows go with the user ({@code ON DELETE CASCADE}).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void releaseAllOf(UUID owner) {
        repository.blobsOwnedBy(owner).forEach(blobs::release);
    }

    /**
     * Renames a file the caller owns, moves it to another of the caller's folders, or both: one row update, and a new
     * version. Whoever could read it before or can read it after hears of it ({@link ItemMoved}).
     *
     * @param name the new name, or null to keep it
     * @param folderId the folder to move it into, or null to keep it where it is
     * @throws FileNotFound when the caller cannot see it
     * @throws NotOwner when it is only shared with the caller
     * @throws FolderNotFound when the target folder is not the caller's, or is in the trash
     * @throws NameTaken when the target folder holds a file or folder of that name
     * @throws ApiException {@code 412 PRECONDITION_FAILED} when {@code ifMatch} does not match its version
     */
    public FileView move(UUID user, UUID fileId, @Nullable String name, @Nullable UUID folderId, IfMatch ifMatch) {
        String newName = name == null ? null : FileNames.normalize(name);
        return tx.execute(status -> {
            FileRecord seen = repository.findVisible(user, fileId).orElseThrow(FileNotFound::noSuchFile);
            if (!seen.owned()) {
                throw notOwner();
            }
            // the target folder is locked before the file, the order every upload into it takes
            UUID target = folderId == null ? seen.folderId() : folderId;
            tree.lockLive(user, target);
            FileRecord file = repository.findVisibleForUpdate(user, fileId).orElseThrow(FileNotFound::noSuchFile);
            ifMatch.check(file.version(), "file");
            if (folderId == null && !file.folderId().equals(target)) {
                target = tree.lockLive(user, file.folderId()); // moved meanwhile: renamed where it is now
            }
            String finalName = newName == null ? file.name() : newName;
            if (target.equals(file.folderId()) && finalName.equals(file.name())) {
                return FileView.of(file, null);
            }
            tree.requireNameFree(target, finalName, fileId);
            List<UUID> audience = audience(file, target);
            repository.move(fileId, target, finalName);
            FileRecord moved = repository.findVisible(user, fileId).orElseThrow();
            events.publishEvent(new ItemMoved(
                    FileView.KIND, fileId, finalName, target, file.name(), file.folderId(), user, audience));
            return FileView.of(moved, null);
        });
    }

    /**
     * Who may see a file at once, in its folder and (for a move) in the folder it goes to: its owner, the users it is
     * shared with, and those of a share of any folder above either place. Computed before the change, so a sharee who
     * loses access by it still hears of it.
     */
    private List<UUID> audience(FileRecord file, UUID target) {
        LinkedHashSet<UUID> users = new LinkedHashSet<>();
        users.add(file.ownerId());
        users.addAll(repository.activeGrantees(file.id()));
        users.addAll(tree.grantees(file.folderId()));
        if (!target.equals(file.folderId())) {
            users.addAll(tree.grantees(target));
        }
        return new ArrayList<>(users);
    }

    /**
     * One page of the live files in {@code folder}, which the caller has made sure {@code user} may read, as the rows
     * of {@code group} of a listing: those after the keyset's position in its order, at most {@code limit}.
     */
    public List<FileView> children(UUID user, UUID folder, Keyset keyset, int group, int limit) {
        return repository.children(user, folder, keyset, group, limit).stream()
                .map(file -> FileView.of(file, null))
                .toList();
    }

    /** The user's root folder's id. */
    public UUID rootFolder(UUID user) {
        return tree.root(user);
    }

    /** The owner's live file {@code name} in the folder, with its shares. */
    @Transactional(readOnly = true)
    public Optional<FileView> describeNamed(UUID owner, UUID folder, String name) {
        return repository
                .findOwnedByName(owner, folder, name)
                .map(file -> FileView.of(file, repository.activeShares(file.id())));
    }

    /**
     * One page of the files shared directly with the user, as the rows of {@code group} of a listing: those after the
     * keyset's position in its order, at most {@code limit}.
     */
    public List<FileView> sharedWithMe(UUID user, Keyset keyset, int group, int limit) {
        return repository.sharedWith(user, keyset, group, limit).stream()
                .map(file -> FileView.of(file, null))
                .toList();
    }

    /** The users who can read a file (its grantees, direct or through a folder above it); the owner not included. */
    public List<UUID> readers(UUID fileId) {
        return repository.activeGrantees(fileId);
    }

    private StagedBlob stage(InputStream body, long limit, Supplier<RuntimeException> overLimit) {
        try {
            return blobs.stage(body, new StageLimits(limit, pace));
        } catch (SizeLimitExceeded e) {
            throw overLimit.get();
        } catch (DeadlineExceeded e) {
            throw ApiError.UPLOAD_TIMEOUT.exception("The upload took longer than the "
                    + pace.timeLimit().toSeconds() + " seconds allowed; nothing was stored.");
        } catch (TransferTooSlow e) {
            throw ApiError.UPLOAD_TOO_SLOW.exception(tooSlow(pace) + "; nothing was stored.");
        } catch (ContentReadFailed e) {
            throw e.timedOut()
                    ? ApiError.UPLOAD_TIMEOUT.exception(
                            "The upload stalled (no bytes arrived for too long); nothing was stored.")
                    : ApiError.UPLOAD_INCOMPLETE.exception(
                            "The upload body ended before it was complete; nothing was stored.");
        } catch (IOException e) {
            throw storageProblem(e);
        }
    }

    /**
     * The problem a client gets for a blob-store failure while an upload was written: {@code 507 STORAGE_FULL} when the
     * disk ran out of space, else {@code 500 STORAGE_ERROR}; either is logged.
     */
    public static ApiException storageProblem(IOException e) {
        if (isOutOfSpace(e)) {
            log.warn("blob store out of space while writing an upload: {}", e.getMessage());
            return new StorageFull("The blob store ran out of space; nothing was stored. Try again later.");
        }
        return storageFailed(e);
    }

    /** Why a body at less than the minimum rate was cut, for a problem's detail. */
    public static String tooSlow(TransferPace pace) {
        return "The upload arrived at less than " + pace.minimumRate() + " bytes/s over "
                + pace.window().toSeconds() + " s";
    }

    /** ENOSPC has no exception type of its own in Java; the JDK reports it with the C library's message. */
    static boolean isOutOfSpace(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }

    /** Logs a blob-store failure and returns the problem the client gets for it. */
    public static ApiException storageFailed(IOException e) {
        log.error("blob store failure", e);
        return ApiError.STORAGE_ERROR.exception("The blob store failed; nothing was stored. Try again.");
    }

    static NotOwner notOwner() {
        return new NotOwner("Only the file's owner may do this.");
    }

    public static Counter uploadedBytesCounter(MeterRegistry meters, String method) {
        return Counter.builder("filesys.files.uploaded.bytes")
                .description("Bytes received in uploads that were stored")
                .baseUnit("bytes")
                .tag("method", method)
                .register(meters);
    }
}
