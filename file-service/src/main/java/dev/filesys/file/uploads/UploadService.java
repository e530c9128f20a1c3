package dev.filesys.file.uploads;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.blobs.Blobs;
import dev.filesys.file.blobs.SizeLimitExceeded;
import dev.filesys.file.blobs.StageLimits;
import dev.filesys.file.blobs.StagedBlob;
import dev.filesys.file.blobs.TransferPace;
import dev.filesys.file.files.ContentTypes;
import dev.filesys.file.files.FileNames;
import dev.filesys.file.files.FileService;
import dev.filesys.file.files.FolderNotFound;
import dev.filesys.file.files.NameTaken;
import dev.filesys.file.files.StorageQuota;
import dev.filesys.file.files.UploadFailpoints;
import dev.filesys.file.sessions.SessionRequired;
import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import dev.filesys.support.IfMatch;
import dev.filesys.support.PathIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Resumable uploads. Creating one reserves its declared length against the owner's quota; each PATCH streams into its
 * own chunk and counts only if it is still the latest request for the upload when it ends (a HEAD or a newer
 * PATCH supersedes it); the PATCH that brings the offset to the length hashes the chunks into a blob and records the
 * file in the same transaction that marks the upload complete, so a completed offset always means a stored file.
 */
@Service
class UploadService {

    private static final Logger log = LoggerFactory.getLogger(UploadService.class);
    private static final int SWEEP_BATCH = 500;

    private final UploadRepository uploads;
    private final ChunkStore chunks;
    private final FileService files;
    private final StorageQuota quota;
    private final Blobs blobs;
    private final TransactionTemplate tx;
    private final Duration expiration;
    private final TransferPace pace;
    private final Counter uploadedBytes;
    private final Clock clock;
    private final UploadFailpoints failpoints;

    UploadService(
            UploadRepository uploads,
            ChunkStore chunks,
            FileService files,
            StorageQuota quota,
            Blobs blobs,
            PlatformTransactionManager transactions,
            FileServiceProperties properties,
            Clock clock,
            MeterRegistry meters,
            UploadFailpoints failpoints) {
        this.uploads = uploads;
        this.failpoints = failpoints;
        this.clock = clock;
        this.chunks = chunks;
        this.files = files;
        this.quota = quota;
        this.blobs = blobs;
        this.tx = new TransactionTemplate(transactions);
        this.expiration = properties.uploads().expiration();
        this.pace = TransferPace.of(properties.uploads());
        this.uploadedBytes = FileService.uploadedBytesCounter(meters, "tus");
    }

    /**
     * Creates an upload of {@code length} bytes for the file named in the metadata ({@code filename}; optional
     * {@code overwrite} "true"/"false" and {@code filetype}), reserving the length against the quota and a place among
     * the owner's files. An {@code If-Match} is checked now and kept: the completion checks it again.
     */
    UploadRecord create(UUID owner, long length, Map<String, String> metadata, IfMatch ifMatch) {
        if (length > files.maxFileSize()) {
            throw files.tooLarge();
        }
        String name = FileNames.normalize(metadata.get("filename"));
        String folderId = metadata.get("folderId");
        UUID folder = folderId == null || folderId.equals("root")
                ? null
                : PathIds.parse(folderId, FolderNotFound::noSuchFolder);
        boolean overwrite = flag(metadata.get("overwrite"));
        String contentType = ContentTypes.normalize(metadata.getOrDefault("filetype", metadata.get("contentType")));
        // completion stages the whole file locally, whichever store holds the chunks
        files.requireFreeSpace(length);
        return tx.execute(status -> {
            quota.lock(owner);
            FileService.Place place = new FileService.Place(folder, null);
            if (!overwrite && files.exists(owner, place, name)) {
                throw files.nameTaken();
            }
            files.requireMatch(owner, place, name, ifMatch);
            quota.reserve(owner, StorageQuota.Reservation.upload(length));
            return uploads.insert(
                    UUID.randomUUID(),
                    owner,
                    folder,
                    name,
                    contentType,
                    overwrite,
                    length,
                    ifMatch.header(),
                    expiration);
        });
    }

    /**
     * The upload as it is now, for HEAD. Asking supersedes any PATCH still in flight for it (a client asks when it
     * wants to resume), so the offset answered is final until the client's next PATCH.
     */
    UploadRecord head(UUID owner, UUID id) {
        UploadRecord upload =
                uploads.supersede(owner, id).or(() -> uploads.find(owner, id)).orElseThrow(TusProblems::notFound);
        if (upload.expiredAt(clock.instant())) {
            throw TusProblems.expired();
        }
        return upload;
    }

    /**
     * Appends a PATCH body at {@code offset}. Bytes of a body that is cut off count (unless a checksum was asked for,
     * which a partial body cannot meet); the last bytes complete the upload into a file.
     *
     * @param checksum the body's expected digest, or null
     * @param contentLength the declared body length, or -1 when chunked
     * @return the upload after this PATCH
     */
    UploadRecord patch(
            UUID owner, UUID id, long offset, Tus.@Nullable Checksum checksum, long contentLength, InputStream body) {
        UploadRecord upload = uploads.beginPatch(owner, id, offset, expiration).orElse(null);
        if (upload == null) {
            return refusal(owner, id, offset);
        }
        long generation = upload.generation();
        long remaining = upload.length() - offset;
        if (contentLength > remaining) {
            throw TusProblems.lengthExceeded(remaining);
        }
        files.requireFreeSpace(chunks.localBytesFor(Math.max(contentLength, 0)));
        MessageDigest digest = checksum == null ? null : checksum.newDigest();
        ChunkStore.Written written;
        try {
            written = chunks.write(id, generation, body, remaining, pace, digest);
        } catch (SizeLimitExceeded e) {
            throw TusProblems.lengthExceeded(remaining);
        } catch (IOException e) {
            throw FileService.storageProblem(e);
        }
        if (checksum != null && written.ending() != ChunkStore.Ending.COMPLETE) {
            chunks.discard(id, generation);
            throw ended(written.ending(), "none of its bytes were kept, as a partial body cannot match a checksum");
        }
        if (checksum != null && !checksum.matches(written.digest())) {
            chunks.discard(id, generation);
            throw TusProblems.checksumMismatch(checksum.algorithm(), offset);
        }
        long newOffset = offset + written.length();
        if (newOffset == upload.length()) {
            return complete(upload, offset, written.length());
        }
        if (written.length() > 0) {
            Boolean counted = tx.execute(status -> uploads.commitChunk(id, offset, generation, written.length()));
            if (!Boolean.TRUE.equals(counted)) {
                chunks.discard(id, generation);
                throw TusProblems.offsetMismatch(currentOffset(owner, id));
            }
            uploadedBytes.increment(written.length());
        } else {
            chunks.discard(id, generation);
        }
        if (written.ending() != ChunkStore.Ending.COMPLETE) {
            throw ended(written.ending(), "the " + written.length() + " bytes received were kept");
        }
        return with(upload, newOffset, upload.completedAt(), upload.fileId());
    }

    /** Terminates an upload: its bytes go and its reservation is released. A finished upload's file stays. */
    void terminate(UUID owner, UUID id) {
        tx.executeWithoutResult(status -> {
            UploadRecord upload = uploads.findForUpdate(owner, id).orElseThrow(TusProblems::notFound);
            if (!upload.completed()) {
                quota.release(owner, StorageQuota.Reservation.upload(upload.length()));
            }
            uploads.delete(id);
        });
        chunks.deleteAll(id);
    }

    /** Removes expired uploads (releasing the reservations of unfinished ones); returns how many. */
    int sweepExpired() {
        int removed = 0;
        for (UUID id : uploads.expired(SWEEP_BATCH)) {
            try {
                Boolean deleted = tx.execute(status -> uploads.lockExpired(id)
                        .map(upload -> {
                            if (!upload.completed()) {
                                quota.release(upload.ownerId(), StorageQuota.Reservation.upload(upload.length()));
                            }
                            uploads.delete(id);
                            return true;
                        })
                        .orElse(false));
                if (Boolean.TRUE.equals(deleted)) {
                    chunks.deleteAll(id);
                    removed++;
                }
            } catch (RuntimeException e) {
                log.warn("sweeping expired upload {} failed; the next pass retries", id, e);
            }
        }
        return removed;
    }

    /**
     * Removes the chunks of uploads that are gone, written before {@code cutoff}, and this instance's scratch files
     * older than that; returns how many uploads' chunks and scratch files.
     */
    int sweepOrphanedChunks(Instant cutoff) {
        int removed = chunks.removeScratchBefore(cutoff);
        try {
            for (UUID id : chunks.uploadsWrittenBefore(cutoff)) {
                if (!uploads.exists(id)) {
                    chunks.deleteAll(id);
                    removed++;
                }
            }
        } catch (IOException e) {
            log.warn("listing upload chunks failed; the next pass retries", e);
        }
        return removed;
    }

    private UploadRecord complete(UploadRecord upload, long offset, long lastLength) {
        UUID id = upload.id();
        long generation = upload.generation();
        List<ChunkStore.Chunk> parts = new ArrayList<>(uploads.chunks(id));
        if (lastLength > 0) {
            parts.add(new ChunkStore.Chunk(generation, lastLength));
        }
        StagedBlob staged;
        try {
            files.requireFreeSpace(upload.length());
        } catch (RuntimeException e) {
            chunks.discard(id, generation);
            throw e;
        }
        try (InputStream content = chunks.read(id, parts)) {
            // the chunks are in the store already: only the total limit applies, not the clients' minimum rate
            staged = blobs.stage(content, new StageLimits(upload.length(), pace.timeLimit()));
        } catch (IOException e) {
            chunks.discard(id, generation);
            throw FileService.storageProblem(e);
        }
        FileService.Stored stored;
        try {
            failpoints.reached(UploadFailpoints.Point.AFTER_STAGING);
            stored = tx.execute(status -> {
                // the owner's usage lock before the upload's row, in the order a removal of the owner takes them
                quota.lock(upload.ownerId());
                UploadRecord current =
                        uploads.findForUpdate(upload.ownerId(), id).orElseThrow(TusProblems::notFound);
                if (current.completed() || current.offset() != offset || current.generation() != generation) {
                    throw TusProblems.offsetMismatch(current.offset());
                }
                FileService.Stored file = files.commit(
                        upload.ownerId(),
                        new FileService.Place(upload.folderId(), null),
                        upload.name(),
                        upload.overwrite(),
                        IfMatch.parse(upload.ifMatch()),
                        upload.contentType(),
                        staged,
                        StorageQuota.Reservation.upload(upload.length()));
                uploads.markCompleted(id, file.file().fileId());
                return file;
            });
        } catch (SessionRequired e) {
            // the owner was deleted while the chunks were read: the upload's row went with them, its chunks go now
            blobs.discard(staged);
            chunks.deleteAll(id);
            throw e;
        } catch (RuntimeException e) {
            blobs.discard(staged);
            if (neverCompletes(e)) {
                terminate(upload.ownerId(), id);
            } else {
                chunks.discard(id, generation);
            }
            throw e;
        }
        chunks.deleteAll(id);
        uploadedBytes.increment(lastLength);
        return with(upload, upload.length(), clock.instant(), stored.file().fileId());
    }

    /** Why a PATCH did not begin: no upload, expired, already complete (fine if the client asks at its end), or a wrong offset. */
    private UploadRecord refusal(UUID owner, UUID id, long offset) {
        UploadRecord upload = uploads.find(owner, id).orElseThrow(TusProblems::notFound);
        if (upload.completed() && offset == upload.length()) {
            return upload;
        }
        if (upload.expiredAt(clock.instant())) {
            throw TusProblems.expired();
        }
        throw TusProblems.offsetMismatch(upload.offset());
    }

    private long currentOffset(UUID owner, UUID id) {
        return uploads.find(owner, id).map(UploadRecord::offset).orElseThrow(TusProblems::notFound);
    }

    private RuntimeException ended(ChunkStore.Ending ending, String what) {
        return switch (ending) {
            case TIMED_OUT ->
                ApiError.UPLOAD_TIMEOUT.exception(
                        "The PATCH took longer than allowed; " + what + ". Continue from Upload-Offset.");
            case TOO_SLOW ->
                ApiError.UPLOAD_TOO_SLOW.exception(
                        FileService.tooSlow(pace) + "; " + what + ". Continue from Upload-Offset.");
            default ->
                ApiError.UPLOAD_INCOMPLETE.exception(
                        "The PATCH body ended early; " + what + ". Continue from Upload-Offset.");
        };
    }

    /**
     * Whether a refused completion can never succeed, however often it is tried: the name was taken while the upload
     * ran and it may not overwrite, or the file it was to replace changed (its {@code If-Match} no longer matches).
     */
    private static boolean neverCompletes(RuntimeException refusal) {
        return refusal instanceof NameTaken
                || refusal instanceof ApiException problem
                        && problem.code().equals(ApiError.PRECONDITION_FAILED.code());
    }

    /** The upload as it is now that {@code offset} bytes are in, and, once complete, when and as which file. */
    private static UploadRecord with(
            UploadRecord upload, long offset, @Nullable Instant completedAt, @Nullable UUID fileId) {
        return new UploadRecord(
                upload.id(),
                upload.ownerId(),
                upload.name(),
                upload.contentType(),
                upload.overwrite(),
                upload.length(),
                offset,
                upload.generation(),
                upload.expiresAt(),
                completedAt,
                fileId,
                upload.folderId(),
                upload.ifMatch());
    }

    private static boolean flag(@Nullable String value) {
        return switch (value) {
            case null -> false;
            case "false" -> false;
            case "true" -> true;
            default -> throw Tus.invalid("The overwrite metadata must be \"true\" or \"false\".");
        };
    }
}
