package dev.filesys.file.uploads;

import dev.filesys.file.blobs.PrivateFiles;
import dev.filesys.file.blobs.TransferPace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * Upload chunks as files on the shared storage root: {@code root/uploads/<upload id>/<generation>.part}, each fsynced
 * before it may count. Every instance must share the root (as it shares the local blob store's).
 */
final class LocalChunkStore implements ChunkStore {

    private static final Logger log = LoggerFactory.getLogger(LocalChunkStore.class);

    private final Path uploads;

    LocalChunkStore(Path root) throws IOException {
        this.uploads = root.toAbsolutePath().normalize().resolve("uploads");
        PrivateFiles.createDirectories(uploads);
    }

    @Override
    public Written write(
            UUID upload, long generation, InputStream body, long maxBytes, TransferPace pace, MessageDigest digest)
            throws IOException {
        Path dir = uploads.resolve(upload.toString());
        PrivateFiles.createDirectories(dir);
        Path file = dir.resolve(generation + ".part");
        ChunkBody.Copied copied;
        try (FileChannel channel =
                PrivateFiles.create(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            ChunkBody.Sink sink = (buffer, offset, length) -> PrivateFiles.write(channel, buffer, offset, length);
            copied = ChunkBody.copy(body, maxBytes, pace, digest, sink);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new Written(copied.length(), digest == null ? null : digest.digest(), copied.ending());
    }

    @Override
    public void discard(UUID upload, long generation) {
        try {
            Files.deleteIfExists(uploads.resolve(upload.toString()).resolve(generation + ".part"));
        } catch (IOException e) {
            log.warn("could not delete a discarded upload chunk; the sweeper will", e);
        }
    }

    @Override
    public InputStream read(UUID upload, List<Chunk> chunks) {
        Path dir = uploads.resolve(upload.toString());
        return new ChunkSequence(
                chunks, chunk -> Channels.newInputStream(FileChannel.open(dir.resolve(chunk.generation() + ".part"))));
    }

    @Override
    public void deleteAll(UUID upload) {
        try {
            FileSystemUtils.deleteRecursively(uploads.resolve(upload.toString()));
        } catch (NoSuchFileException e) {
            // nothing was ever written, or it is gone already
        } catch (IOException e) {
            log.warn("could not delete the chunks of upload {}; the sweeper will", upload, e);
        }
    }

    /** Uploads with a chunk directory last changed before {@code cutoff}. */
    @Override
    public List<UUID> uploadsWrittenBefore(Instant cutoff) throws IOException {
        List<UUID> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(uploads, Files::isDirectory)) {
            for (Path dir : dirs) {
                UUID id;
                try {
                    id = UUID.fromString(dir.getFileName().toString());
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff)) {
                    found.add(id);
                }
            }
        }
        return Collections.unmodifiableList(found);
    }

    /** Chunks are written in place: there is no scratch. */
    @Override
    public int removeScratchBefore(Instant cutoff) {
        return 0;
    }

    /** The whole body is written to the root. */
    @Override
    public long localBytesFor(long bodyLength) {
        return bodyLength;
    }
}
