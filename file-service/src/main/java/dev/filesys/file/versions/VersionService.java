package dev.filesys.file.versions;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.blobs.Blobs;
import dev.filesys.file.files.DownloadResponder;
import dev.filesys.file.files.FileService;
import dev.filesys.file.files.FileView;
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
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A file's earlier contents: whoever may read a file may list and download its versions; its owner may restore one
 * (the content it replaces becomes a version in turn). Retention ({@code filesys.versions.*}) removes versions past
 * either bound and gives their bytes back to the owner's quota; their blobs go once nothing references them.
 */
@Service
public class VersionService implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(VersionService.class);
    private static final int BATCH = 500;

    private final VersionRepository repository;
    private final FileService files;
    private final StorageQuota quota;
    private final Blobs blobs;
    private final TransactionTemplate tx;
    private final FileServiceProperties.Versions retention;
    private final FileServiceProperties.Sweeper sweeper;
    private final Cursors cursors;

    VersionService(
            VersionRepository repository,
            FileService files,
            StorageQuota quota,
            Blobs blobs,
            Cursors cursors,
            PlatformTransactionManager transactions,
            FileServiceProperties properties) {
        this.repository = repository;
        this.files = files;
        this.quota = quota;
        this.blobs = blobs;
        this.cursors = cursors;
        this.tx = new TransactionTemplate(transactions);
        this.retention = properties.versions();
        this.sweeper = properties.sweeper();
    }

    /** What a file's versions can be sorted by. */
    static final Set<SortField> SORT_FIELDS = EnumSet.of(SortField.REPLACED_AT, SortField.CREATED_AT, SortField.SIZE);

    /** The default order: newest first (most recently replaced). */
    static final PageSort DEFAULT_SORT = new PageSort(SortField.REPLACED_AT, true);

    /**
     * One page of a file's versions, in the request's order, for anyone who may read the file.
     *
     * @throws dev.filesys.support.ApiException {@code 400 INVALID_CURSOR} for a cursor of another listing, user or
     *     order, or altered
     */
    Page<VersionView> list(UUID user, UUID fileId, PageRequest request) {
        files.describe(user, fileId); // FILE_NOT_FOUND unless the caller may read it
        Listing listing = new Listing("versions", user, fileId);
        Keyset keyset = cursors.keyset(request, listing);
        List<VersionRecord> rows = repository.list(fileId, keyset, request.fetchSize());
        SortField field = request.sort().field();
        return cursors.page(
                        rows,
                        request,
                        listing,
                        version -> new Keyset.Position(
                                switch (field) {
                                    case CREATED_AT -> version.createdAt();
                                    case SIZE -> version.size();
                                    default -> version.replacedAt();
                                },
                                version.id()))
                .map(VersionRecord::view);
    }

    /** A version's content as a download sends it, for anyone who may read the file. */
    DownloadResponder.Content content(UUID user, UUID fileId, UUID versionId) {
        FileView file = files.describe(user, fileId);
        VersionRecord version = repository.find(fileId, versionId).orElseThrow(VersionService::notFound);
        return new DownloadResponder.Content(
                file.name(),
                version.sha256(),
                version.size(),
                version.crc32c(),
                version.quarantined(),
                version.contentType());
    }

    /**
     * Makes a version the file's content again, as a new change: the current content becomes a version, and the owner
     * is charged for the restored reference.
     *
     * @param ifMatch the request's If-Match, or null
     */
    FileView restore(UUID user, UUID fileId, UUID versionId, @Nullable String ifMatch) {
        return tx.execute(status -> {
            files.requireOwner(user, fileId);
            files.requireVersion(fileId, ifMatch);
            VersionRecord version = repository.findForUpdate(fileId, versionId).orElseThrow(VersionService::notFound);
            blobs.release(version.sha256()); // touched: the sweeper's grace period starts over
            return files.replaceContent(user, fileId, version.sha256(), version.contentType(), version.size());
        });
    }

    /**
     * Removes the versions past retention, a batch per transaction, giving their bytes back to their owners' quotas
     * and marking their blobs for the blob sweeper; returns how many went.
     */
    public int removePastRetention() {
        int removed = 0;
        int count;
        do {
            count = removeBatch(retention.maxCount(), retention.maxAge());
            removed += count;
        } while (count == BATCH);
        if (removed > 0) {
            log.info("removed {} file versions past retention", removed);
        }
        return removed;
    }

    /** Removes the versions past retention ({@link #removePastRetention}) on the sweeper's schedule. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        sweeper.schedule(tasks, this::removePastRetention);
    }

    private int removeBatch(int maxCount, Duration maxAge) {
        Integer removed = tx.execute(status -> {
            int count = 0;
            for (VersionRepository.Removed gone : repository.removePastRetention(maxCount, maxAge, BATCH)) {
                quota.charge(gone.ownerId(), -gone.bytes());
                gone.blobs().forEach(blobs::release);
                count += gone.versions();
            }
            return count;
        });
        return removed == null ? 0 : removed;
    }

    static ApiException notFound() {
        return ApiError.VERSION_NOT_FOUND.exception("The file has no such version (it may be past retention).");
    }
}
