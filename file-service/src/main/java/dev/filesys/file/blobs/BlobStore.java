package dev.filesys.file.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Where blob bytes live, addressed by the lower-case hex SHA-256 of their content. Writing is two-step so that the
 * caller can make the bytes visible inside its own database transaction: {@link #stage} streams the content to an
 * invisible place while computing its digests, {@link #publish} makes it visible under its digest atomically.
 * Implementations never hold a whole blob (or a part of one) in memory and never derive a location from anything but a
 * digest. Two exist: {@code LocalBlobStore} (files) and {@code S3BlobStore} (objects in an S3-compatible bucket); both
 * stage in a local directory.
 */
public interface BlobStore {

    /**
     * Streams {@code content} to a temporary location while computing its SHA-256, CRC32C and per-chunk CRC32Cs
     * ({@link ChunkCrcs}) in the same pass, and
     * makes the bytes as durable as publishing needs before returning (the local store fsyncs them, because publishing
     * is a rename; the S3 store need not, because publishing sends them away). Nothing is visible under a digest yet.
     *
     * @throws SizeLimitExceeded when the content is longer than {@code limits.maxBytes()}
     * @throws DeadlineExceeded when the content took longer than {@code limits.pace().timeLimit()}
     * @throws TransferTooSlow when the content arrived more slowly than {@code limits.pace()} allows
     * @throws ContentReadFailed when reading {@code content} failed (the client went away or stalled)
     * @throws IOException when the store itself failed; nothing is left behind in every case
     */
    StagedBlob stage(InputStream content, StageLimits limits) throws IOException;

    /**
     * Makes a staged blob visible under its SHA-256, atomically: a reader sees either no blob or all of it; the staged
     * blob is used up. An identical copy already stored is replaced by this one (the local store), or kept when the
     * store can tell it is identical from the size and CRC32C recorded with it (the S3 store, which then sends nothing).
     */
    void publish(StagedBlob staged) throws IOException;

    /** Drops a staged blob that will not be published. Never throws. */
    void discard(StagedBlob staged);

    /**
     * Opens {@code length} bytes of a stored blob starting at {@code offset}; the stream ends early when the blob is
     * shorter. The local store's stream reads the blob as it was when opened, even if the blob is deleted meanwhile; an
     * S3 server usually finishes a GET in flight too, but S3 does not promise it, so what protects downloads in flight
     * is that blobs are removed only a grace period after their last reference went away.
     *
     * @throws BlobNotStored when no blob with that digest is stored
     */
    InputStream open(String sha256, long offset, long length) throws IOException;

    /**
     * The local file that holds a stored blob's bytes, for a caller that checks them and then lets the operating system
     * send them (sendfile); empty when the store keeps no local file, and the caller then streams through
     * {@link #open}. The file may be gone by the time it is read, like a blob that is not stored.
     */
    default Optional<Path> localFile(String sha256) {
        return Optional.empty();
    }

    /** The size of a stored blob, or empty when none is stored under that digest. */
    OptionalLong size(String sha256) throws IOException;

    default boolean exists(String sha256) throws IOException {
        return size(sha256).isPresent();
    }

    /** Removes a stored blob; a blob that is not there is not an error. */
    void delete(String sha256) throws IOException;

    /** Moves a blob whose bytes are damaged to where no read finds it, kept for an operator to inspect. */
    void quarantine(String sha256) throws IOException;

    /**
     * Removes staged blobs last written before {@code cutoff} (left by crashed uploads), and for the S3 store also the
     * multipart uploads to the bucket started before it (left by an instance that died while publishing); returns how
     * many.
     */
    int removeStagedBefore(Instant cutoff) throws IOException;

    /** Hands {@code visitor} the digest of every stored blob last written before {@code cutoff}. */
    void forEachStoredBefore(Instant cutoff, Consumer<String> visitor) throws IOException;

    /** Bytes still free for blobs: where they are staged, which for the local store is also where they are stored. */
    long usableSpace() throws IOException;
}
