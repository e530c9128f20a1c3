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
import dev.filesys.file.paging.Cursors;
import dev.filesys.file.paging.Keyset;
import dev.filesys.file.paging.Listing;
import dev.filesys.file.paging.Page;
import dev.filesys.file.paging.PageRequest;
import dev.filesys.file.paging.SortField;
import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Files: storing uploads, finding what a caller may see, deleting. The one type the other features use.
 *
 * <p>An upload is staged (streamed to a temporary file while hashed, fsynced), then recorded in one transaction that
 * checks the name, charges the quota, publishes the blob and writes the row; a failure before that commits leaves no
 * visible file. An overwrite keeps the file's id and shares and replaces its content. Either is announced
 * ({@link FileStored}) to the file's audience in the same transaction.
 */
@Service
public class FileService {

    private static final Logger log = LoggerFactory.getLogger(FileService.class);

    private final FileRepository repository;
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
     */
    public record SimpleUpload(
            String name,
            boolean overwrite,
            @Nullable String contentType,
            long contentLength,
            @Nullable String checksum) {}

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
        Optional<Long> existingSize = repository.sizeOfNamed(owner, name);
        if (existingSize.isPresent() && !request.overwrite()) {
            throw nameTaken();
        }
        if (existingSize.isEmpty() && quota.filesRemaining(owner) == 0) {
            throw quota.tooManyFiles();
        }
        long headroom = quota.remaining(owner) + existingSize.orElse(0L);
        if (declared > headroom) {
            throw quota.rejected();
        }
        long limit = Math.min(maxFileSize, headroom);
        StagedBlob staged = stage(body, limit, limit == maxFileSize ? this::tooLarge : quota::rejected);
        Stored stored;
        try {
            failpoints.reached(UploadFailpoints.Point.AFTER_STAGING);
            if (expected != null && !expected.equals(staged.sha256())) {
                throw new ChecksumMismatch("The body's SHA-256 is " + staged.sha256() + ", not the " + expected
                        + " given in " + ExpectedDigest.HEADER + "; nothing was stored.");
            }
            stored = commit(owner, name, request.overwrite(), contentType, staged, StorageQuota.Reservation.NONE);
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
            String name,
            boolean overwrite,
            String contentType,
            StagedBlob staged,
            StorageQuota.Reservation reserved) {
        return tx.execute(status -> {
            quota.lock(owner);
            Optional<FileRecord> existing = repository.findOwnedByNameForUpdate(owner, name);
            if (existing.isPresent() && !overwrite) {
                throw nameTaken();
            }
            // an overwrite keeps the number of files; a reserved place becomes the new file's, or is given back
            quota.countFiles(owner, (existing.isEmpty() ? 1 : 0) - reserved.files());
            quota.charge(
                    owner,
                    staged.size()
                            - reserved.bytes()
                            - existing.map(FileRecord::size).orElse(0L));
            try {
                blobs.store(staged);
            } catch (IOException e) {
                throw storageFailed(e);
            }
            failpoints.reached(UploadFailpoints.Point.AFTER_PUBLISH);
            UUID id;
            boolean created = existing.isEmpty();
            if (created) {
                id = UUID.randomUUID();
                repository.insert(id, owner, name, staged.sha256(), contentType);
            } else {
                FileRecord old = existing.get();
                id = old.id();
                repository.replaceContent(id, staged.sha256(), contentType);
                if (!old.sha256().equals(staged.sha256())) {
                    blobs.release(old.sha256());
                }
            }
            FileRecord file = repository.findVisible(owner, id).orElseThrow();
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

    /** Whether the owner has a file of this (normalised) name. */
    public boolean exists(UUID owner, String name) {
        return repository.sizeOfNamed(owner, name).isPresent();
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
            case NAME -> file.name();
            case CREATED_AT -> file.createdAt();
            case UPDATED_AT -> file.updatedAt();
            case SIZE -> file.size();
        };
    }

    /** The file as the caller may download it: one query, so no transaction around it. */
    FileRecord find(UUID user, UUID fileId) {
        return repository.findVisible(user, fileId).orElseThrow(FileNotFound::noSuchFile);
    }

    /**
     * Deletes a file the caller owns; its shares go with it, and its blob once the sweeper finds nothing references it
     * after the grace period (so downloads in flight finish).
     */
    public void delete(UUID user, UUID fileId) {
        tx.executeWithoutResult(status -> {
            FileRecord file = repository.findVisibleForUpdate(user, fileId).orElseThrow(FileNotFound::noSuchFile);
            if (!file.owned()) {
                throw notOwner();
            }
            quota.lock(user);
            List<UUID> sharedWith = repository.activeGrantees(fileId);
            repository.delete(fileId);
            quota.charge(user, -file.size());
            quota.countFiles(user, -1);
            blobs.release(file.sha256());
            events.publishEvent(new FileDeleted(fileId, file.name(), user, file.ownerName(), sharedWith));
        });
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
