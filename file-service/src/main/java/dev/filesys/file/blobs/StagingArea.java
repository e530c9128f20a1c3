package dev.filesys.file.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local directory where every blob store stages content: {@code <uuid>.tmp} files written through one fixed buffer
 * while their SHA-256, CRC32C and per-chunk CRC32Cs are computed in the same pass. Shared by the stores so that both
 * check limits, digest and clean up in exactly the same way.
 */
final class StagingArea {

    /** Every transfer goes through one buffer of this size: memory does not grow with the blob. */
    static final int BUFFER_SIZE = 128 * 1024;

    private static final Logger log = LoggerFactory.getLogger(StagingArea.class);
    private static final Pattern STAGED_NAME = Pattern.compile("[0-9a-f-]{36}\\.tmp");
    private static final HexFormat HEX = HexFormat.of();

    private final Path dir;
    private final boolean fsync;

    /**
     * @param dir the staging directory, created if missing
     * @param fsync whether a staged file is forced to disk before {@link #stage} returns (needed where publishing is a
     *     rename, so the published blob survives a crash; not where publishing copies the bytes elsewhere)
     */
    StagingArea(Path dir, boolean fsync) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.fsync = fsync;
        PrivateFiles.createDirectories(this.dir);
    }

    Path dir() {
        return dir;
    }

    /** Streams {@code content} into a new staged file; see {@link BlobStore#stage}. Nothing is left behind on failure. */
    StagedBlob stage(InputStream content, StageLimits limits) throws IOException {
        Path temp = dir.resolve(UUID.randomUUID() + ".tmp");
        MessageDigest sha256 = sha256();
        CRC32C crc = new CRC32C();
        ChunkCrcs.Accumulator chunkCrcs = new ChunkCrcs.Accumulator(ChunkCrcs.CHUNK_SIZE);
        byte[] buffer = new byte[BUFFER_SIZE];
        long size = 0;
        TransferPace.Clock clock = limits.pace().start();
        try (FileChannel channel =
                PrivateFiles.create(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            boolean ended = false;
            while (!ended) {
                // a request body hands out a few KiB per read: the buffer is filled first, so the digests and the
                // write each see large pieces (fewer calls, fewer and larger writes); the limits are checked per read
                int filled = 0;
                while (filled < buffer.length) {
                    int n = read(content, buffer, filled);
                    if (n < 0) {
                        ended = true;
                        break;
                    }
                    filled += n;
                    if (size + filled > limits.maxBytes()) {
                        throw new SizeLimitExceeded(limits.maxBytes());
                    }
                    switch (clock.check(size + filled)) {
                        case PAST_DEADLINE ->
                            throw new DeadlineExceeded(limits.pace().timeLimit());
                        case TOO_SLOW ->
                            throw new TransferTooSlow(
                                    limits.pace().minimumRate(), limits.pace().window());
                        case ON_TIME -> {}
                    }
                }
                size += filled;
                sha256.update(buffer, 0, filled);
                crc.update(buffer, 0, filled);
                chunkCrcs.update(buffer, 0, filled);
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, filled);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
            if (fsync) {
                channel.force(true);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        return new StagedBlob(
                HEX.formatHex(sha256.digest()),
                size,
                crc.getValue(),
                chunkCrcs.finish(),
                temp.getFileName().toString());
    }

    private static int read(InputStream content, byte[] buffer, int offset) throws ContentReadFailed {
        try {
            return content.read(buffer, offset, buffer.length - offset);
        } catch (IOException e) {
            throw new ContentReadFailed(e);
        }
    }

    /** The file of a staged blob: its location must be a name this area gives out, so it never points elsewhere. */
    Path pathOf(StagedBlob staged) {
        String name = staged.location();
        if (name == null || !STAGED_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a staged blob of this store");
        }
        return dir.resolve(name);
    }

    /** Deletes a staged file; never throws (what it cannot delete, {@link #removeBefore} will). */
    void discard(StagedBlob staged) {
        deleteQuietly(pathOf(staged));
    }

    /** Removes staged files last written before {@code cutoff}; returns how many. */
    int removeBefore(Instant cutoff) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (STAGED_NAME.matcher(entry.getFileName().toString()).matches() && modifiedBefore(entry, cutoff)) {
                    if (Files.deleteIfExists(entry)) {
                        removed++;
                    }
                }
            }
        }
        return removed;
    }

    /** Bytes free on the staging directory's filesystem. */
    long usableSpace() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Bytes in the files under the staging directory, its sub-directories included. */
    long bytesHeld() throws IOException {
        long held = 0;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        held += attributes.size();
                    }
                } catch (NoSuchFileException e) {
                    // deleted while we looked: it holds nothing any more
                }
            }
        }
        return held;
    }

    static boolean modifiedBefore(Path path, Instant cutoff) {
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            return modified.toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("could not delete temporary file {}; the sweeper will", path.getFileName(), e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
