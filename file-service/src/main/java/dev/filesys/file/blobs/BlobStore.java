package dev.filesys.file.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Where blob bytes live, addressed by the lower-case hex SHA-256 of their content. Writing is two-step so that the
 * caller can make the bytes visible inside its own database transaction: {@link #stage} streams the content to a
 * durable but invisible place while computing its digests, {@link #publish} makes it visible under its digest
 * atomically. Implementations never hold a whole blob in memory and never derive a location from anything but a digest.
 */
public interface BlobStore {

    /**
     * Streams {@code content} to a temporary location while computing its SHA-256 and CRC32C in the same pass, and
     * makes the bytes durable (fsync) before returning. Nothing is visible under a digest yet.
     *
     * @throws SizeLimitExceeded when the content is longer than {@code limits.maxBytes()}
     * @throws DeadlineExceeded when the content took longer than {@code limits.timeLimit()}
     * @throws ContentReadFailed when reading {@code content} failed (the client went away or stalled)
     * @throws IOException when the store itself failed; nothing is left behind in every case
     */
    StagedBlob stage(InputStream content, StageLimits limits) throws IOException;

    /**
     * Makes a staged blob visible under its SHA-256, atomically: a reader sees either no blob or all of it. An
     * identical copy already stored is replaced by this one (same bytes, freshly verified).
     */
    void publish(StagedBlob staged) throws IOException;

    /** Drops a staged blob that will not be published. Never throws. */
    void discard(StagedBlob staged);

    /**
     * Opens {@code length} bytes of a stored blob starting at {@code offset}. The returned stream reads from the blob as
     * it was when opened, even if the blob is deleted meanwhile.
     *
     * @throws BlobNotStored when no blob with that digest is stored
     */
    InputStream open(String sha256, long offset, long length) throws IOException;

    /** The size of a stored blob, or empty when none is stored under that digest. */
    OptionalLong size(String sha256) throws IOException;

    default boolean exists(String sha256) throws IOException {
        return size(sha256).isPresent();
    }

    /** Removes a stored blob; a blob that is not there is not an error. */
    void delete(String sha256) throws IOException;

    /** Moves a blob whose bytes are damaged to where no read finds it, kept for an operator to inspect. */
    void quarantine(String sha256) throws IOException;

    /** Removes staged blobs last written before {@code cutoff} (left by crashed uploads); returns how many. */
    int removeStagedBefore(Instant cutoff) throws IOException;

    /** Hands {@code visitor} the digest of every stored blob last written before {@code cutoff}. */
    void forEachStoredBefore(Instant cutoff, Consumer<String> visitor) throws IOException;

    /** Bytes still free for blobs. */
    long usableSpace() throws IOException;
}
