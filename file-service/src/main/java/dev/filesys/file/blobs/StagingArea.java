package dev.filesys.file.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local directory where every blob store stages content: {@code <uuid>.tmp} files whose SHA-256, CRC32C and
 * per-chunk CRC32Cs are computed as they are written. A short body is read, digested and written on the caller's thread
 * through one pooled buffer; a longer one goes on through a {@link StagingPipeline}, where reading, digesting and
 * writing overlap. Shared by the stores so that both check limits, digest and clean up in exactly the same way.
 */
final class StagingArea {

    /** The buffer of a body's first bytes: a body no longer than this is staged on the caller's thread alone. */
    static final int FIRST_BUFFER_SIZE = 64 * 1024;

    /** The size of each buffer a longer body is read through. */
    static final int BUFFER_SIZE = StagingPipeline.BUFFER_SIZE;

    /** First buffers kept between bodies, so that small uploads allocate none (their threads may be virtual). */
    private static final BlockingQueue<byte[]> FIRST_BUFFERS = new ArrayBlockingQueue<>(64);

    private static final Logger log = LoggerFactory.getLogger(StagingArea.class);
    private static final Pattern STAGED_NAME = Pattern.compile("[0-9a-f-]{36}\\.tmp");

    private final Path dir;
    private final boolean fsync;
    /** Looked up once: {@code Files.getFileStore} reads the whole mount table at each call, a statvfs does not. */
    private final FileStore fileStore;

    /**
     * @param dir the staging directory, created if missing
     * @param fsync whether a staged file is forced to disk before {@link #stage} returns (needed where publishing is a
     *     rename, so the published blob survives a crash; not where publishing copies the bytes elsewhere)
     */
    StagingArea(Path dir, boolean fsync) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.fsync = fsync;
        PrivateFiles.createDirectories(this.dir);
        this.fileStore = Files.getFileStore(this.dir);
    }

    Path dir() {
        return dir;
    }

    /** Streams {@code content} into a new staged file; see {@link BlobStore#stage}. Nothing is left behind on failure. */
    StagedBlob stage(InputStream content, StageLimits limits) throws IOException {
        Path temp = dir.resolve(UUID.randomUUID() + ".tmp");
        StagingDigests digests = new StagingDigests();
        Body body = new Body(content, limits);
        byte[] first = FIRST_BUFFERS.poll();
        if (first == null) {
            first = new byte[FIRST_BUFFER_SIZE];
        }
        try (FileChannel channel =
                PrivateFiles.create(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            // a request body hands out a few KiB per read: the buffer is filled first, so the digests and the write
            // each see large pieces (fewer calls, fewer and larger writes); the limits are checked per read
            int filled = body.fill(first);
            digests.update(first, 0, filled);
            PrivateFiles.write(channel, first, 0, filled);
            if (!body.ended()) {
                new StagingPipeline(channel, digests, fsync).run(body);
            }
            if (fsync) {
                channel.force(true);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        } finally {
            FIRST_BUFFERS.offer(first);
        }
        return digests.staged(body.size(), temp.getFileName().toString());
    }

    /** A body read within its limits: at most {@code maxBytes}, at the pace asked, checked after every read. */
    private static final class Body implements StagingPipeline.Source {

        private final InputStream content;
        private final StageLimits limits;
        private final TransferPace.Clock clock;
        private long size;
        private boolean ended;

        Body(InputStream content, StageLimits limits) {
            this.content = content;
            this.limits = limits;
            this.clock = limits.pace().start();
        }

        @Override
        public int fill(byte[] buffer) throws IOException {
            int filled = 0;
            while (filled < buffer.length) {
                int n = read(buffer, filled);
                if (n < 0) {
                    ended = true;
                    break;
                }
                filled += n;
                size += n;
                if (size > limits.maxBytes()) {
                    throw new SizeLimitExceeded(limits.maxBytes());
                }
                switch (clock.check(size)) {
                    case PAST_DEADLINE ->
                        throw new DeadlineExceeded(limits.pace().timeLimit());
                    case TOO_SLOW ->
                        throw new TransferTooSlow(
                                limits.pace().minimumRate(), limits.pace().window());
                    case ON_TIME -> {}
                }
            }
            return filled;
        }

        @Override
        public boolean ended() {
            return ended;
        }

        long size() {
            return size;
        }

        private int read(byte[] buffer, int offset) throws ContentReadFailed {
            try {
                return content.read(buffer, offset, buffer.length - offset);
            } catch (IOException e) {
                throw new ContentReadFailed(e);
            }
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
        return fileStore.getUsableSpace();
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
