package dev.filesys.file.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blobs as files under a root directory: {@code root/ab/cd/abcd…} for the blob whose SHA-256 starts with {@code abcd},
 * staged in {@code root/tmp/} (the same filesystem, so publishing is an atomic rename), damaged blobs moved to
 * {@code root/quarantine/}. A staged file is fsynced before it is renamed and its directory after, so a blob that was
 * published survives a crash; a failed fsync fails the write.
 */
final class LocalBlobStore implements BlobStore {

    /** Every transfer goes through one buffer of this size: memory does not grow with the blob. */
    static final int BUFFER_SIZE = 128 * 1024;

    private static final Logger log = LoggerFactory.getLogger(LocalBlobStore.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern TWO_HEX = Pattern.compile("[0-9a-f]{2}");
    private static final Pattern STAGED_NAME = Pattern.compile("[0-9a-f-]{36}\\.tmp");
    private static final HexFormat HEX = HexFormat.of();

    private final Path root;
    private final Path staging;
    private final Path quarantine;

    LocalBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve("tmp");
        this.quarantine = this.root.resolve("quarantine");
        Files.createDirectories(staging);
        Files.createDirectories(quarantine);
    }

    Path root() {
        return root;
    }

    @Override
    public StagedBlob stage(InputStream content, StageLimits limits) throws IOException {
        Path temp = staging.resolve(UUID.randomUUID() + ".tmp");
        MessageDigest sha256 = sha256();
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[BUFFER_SIZE];
        long size = 0;
        long startNanos = System.nanoTime();
        long limitNanos = limits.timeLimit().toNanos();
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = read(content, buffer)) >= 0) {
                size += n;
                if (size > limits.maxBytes()) {
                    throw new SizeLimitExceeded(limits.maxBytes());
                }
                if (System.nanoTime() - startNanos > limitNanos) {
                    throw new DeadlineExceeded(limits.timeLimit());
                }
                sha256.update(buffer, 0, n);
                crc.update(buffer, 0, n);
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        return new StagedBlob(
                HEX.formatHex(sha256.digest()),
                size,
                crc.getValue(),
                temp.getFileName().toString());
    }

    private static int read(InputStream content, byte[] buffer) throws ContentReadFailed {
        try {
            return content.read(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new ContentReadFailed(e);
        }
    }

    @Override
    public void publish(StagedBlob staged) throws IOException {
        Path temp = stagedPath(staged);
        Path target = pathOf(staged.sha256());
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            // new directory entries must be durable too, or the blob can vanish with them after a crash
            fsync(dir.getParent());
            fsync(root);
        }
        // rename(2): atomic, and replaces an identical copy without disturbing readers of the old one
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        fsync(dir);
    }

    @Override
    public void discard(StagedBlob staged) {
        deleteQuietly(stagedPath(staged));
    }

    @Override
    public InputStream open(String sha256, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(pathOf(sha256), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BlobNotStored(sha256);
        }
        return new ChannelRegionInputStream(channel, offset, length);
    }

    @Override
    public OptionalLong size(String sha256) throws IOException {
        try {
            return OptionalLong.of(Files.size(pathOf(sha256)));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void delete(String sha256) throws IOException {
        Path path = pathOf(sha256);
        if (Files.deleteIfExists(path)) {
            fsync(path.getParent());
        }
    }

    @Override
    public void quarantine(String sha256) throws IOException {
        Path path = pathOf(sha256);
        Path aside = quarantine.resolve(sha256 + "." + System.currentTimeMillis());
        try {
            Files.move(path, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        }
        fsync(path.getParent());
    }

    @Override
    public int removeStagedBefore(Instant cutoff) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(staging)) {
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

    @Override
    public void forEachStoredBefore(Instant cutoff, Consumer<String> visitor) throws IOException {
        try (DirectoryStream<Path> level1 = Files.newDirectoryStream(root, LocalBlobStore::isHexDir)) {
            for (Path dir1 : level1) {
                try (DirectoryStream<Path> level2 = Files.newDirectoryStream(dir1, LocalBlobStore::isHexDir)) {
                    for (Path dir2 : level2) {
                        try (DirectoryStream<Path> blobs = Files.newDirectoryStream(dir2)) {
                            for (Path blob : blobs) {
                                String name = blob.getFileName().toString();
                                if (SHA256_HEX.matcher(name).matches()
                                        && blob.equals(pathOf(name))
                                        && modifiedBefore(blob, cutoff)) {
                                    visitor.accept(name);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public long usableSpace() throws IOException {
        return Files.getFileStore(root).getUsableSpace();
    }

    /** The file of a blob: derived from its digest alone, which must be 64 lower-case hex digits. */
    Path pathOf(String sha256) {
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256");
        }
        return root.resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
    }

    private Path stagedPath(StagedBlob staged) {
        String name = staged.location();
        if (name == null || !STAGED_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a staged blob of this store");
        }
        return staging.resolve(name);
    }

    private static boolean isHexDir(Path path) {
        return TWO_HEX.matcher(path.getFileName().toString()).matches() && Files.isDirectory(path);
    }

    private static boolean modifiedBefore(Path path, Instant cutoff) {
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            return modified.toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    private static void fsync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path path) {
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
