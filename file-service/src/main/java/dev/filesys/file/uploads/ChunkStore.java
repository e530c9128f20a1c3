package dev.filesys.file.uploads;

import dev.filesys.file.blobs.SizeLimitExceeded;
import dev.filesys.file.blobs.TransferPace;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of resumable uploads in progress, one piece per PATCH request, named by the upload and the request's
 * generation ({@code uploads/<upload id>/<generation>.part}). Each request writes only its own piece, so two requests
 * for one upload (a client retrying while its first attempt still trickles in, on any instance) never write over each
 * other; the database decides which of them counts. Every instance reaches the same pieces, so an upload begun on one
 * instance continues and completes on any other. Chosen with the blob store by {@code filesys.storage.type}:
 * {@link LocalChunkStore} (files under the shared storage root) or {@link S3ChunkStore} (objects in the bucket).
 */
interface ChunkStore {

    /** How a chunk's body ended. */
    enum Ending {
        /** The body was read to its end. */
        COMPLETE,
        /** Reading failed part-way (the connection broke or stalled); the bytes before are kept. */
        CUT,
        /** The request ran out of time part-way; the bytes before are kept. */
        TIMED_OUT,
        /** The body arrived more slowly than the minimum rate; the bytes before are kept. */
        TOO_SLOW
    }

    /**
     * What was written and made durable: {@code length} bytes, their digest when one was asked for, and how the body
     * ended.
     */
    record Written(long length, byte @Nullable [] digest, Ending ending) {}

    /** A chunk that counts: {@code length} bytes in the piece of {@code generation}. */
    record Chunk(long generation, long length) {}

    /**
     * Streams a PATCH body into the request's own piece, keeping what arrived even when the body is cut off. When this
     * returns, all {@code length} bytes are where every instance can read them (fsynced, or in the bucket); only then
     * may they count.
     *
     * @param digest computed over the bytes written, or null
     * @throws SizeLimitExceeded when the body has more than {@code maxBytes} bytes (nothing is kept)
     * @throws IOException when the store failed (nothing is kept)
     */
    Written write(
            UUID upload,
            long generation,
            InputStream body,
            long maxBytes,
            TransferPace pace,
            @Nullable MessageDigest digest)
            throws IOException;

    /** Removes a piece that will not count. Never throws. */
    void discard(UUID upload, long generation);

    /**
     * The chunks' bytes one after the other, opening one piece at a time; a piece shorter than recorded, or missing,
     * fails the read with an {@link IOException}.
     */
    InputStream read(UUID upload, List<Chunk> chunks);

    /** Removes everything of an upload: its pieces, and any piece still being written. Never throws. */
    void deleteAll(UUID upload);

    /** Uploads that have a piece (or a piece being written) last changed before {@code cutoff}. */
    List<UUID> uploadsWrittenBefore(Instant cutoff) throws IOException;

    /** Removes this instance's local scratch files last changed before {@code cutoff}; returns how many. */
    int removeScratchBefore(Instant cutoff);

    /** How many bytes of local disk a PATCH body of {@code bodyLength} bytes takes while it is written. */
    long localBytesFor(long bodyLength);
}
