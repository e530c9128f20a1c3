package dev.filesys.file.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Blobs as files under a root directory: {@code root/ab/cd/abcd…} for the blob whose SHA-256 starts with {@code abcd},
 * staged in {@code root/tmp/} (the same filesystem, so publishing is an atomic rename), damaged blobs moved to
 * {@code root/quarantine/}. A staged file is fsynced before it is renamed and its directory after, so a blob that was
 * published survives a crash; a failed fsync fails the write.
 */
final class LocalBlobStore implements BlobStore {

    private static final Pattern TWO_HEX = Pattern.compile("[0-9a-f]{2}");

    private final Path root;
    private final StagingArea staging;
    private final Path quarantine;
    /** Looked up once: {@code Files.getFileStore} reads the whole mount table at each call (each upload asks). */
    private final FileStore fileStore;

    LocalBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.staging = new StagingArea(this.root.resolve("tmp"), true);
        this.quarantine = this.root.resolve("quarantine");
        PrivateFiles.createDirectories(quarantine);
        this.fileStore = Files.getFileStore(this.root);
    }

    Path root() {
        return root;
    }

    @Override
    public StagedBlob stage(InputStream content, StageLimits limits) throws IOException {
        return staging.stage(content, limits);
    }

    @Override
    public void publish(StagedBlob staged) throws IOException {
        Path temp = staging.pathOf(staged);
        Path target = pathOf(staged.sha256());
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            PrivateFiles.createDirectories(dir);
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
        staging.discard(staged);
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
    public Optional<Path> localFile(String sha256) {
        return Optional.of(pathOf(sha256));
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
        return staging.removeBefore(cutoff);
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
                                if (BlobDigests.isSha256(name)
                                        && blob.equals(pathOf(name))
                                        && StagingArea.modifiedBefore(blob, cutoff)) {
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
        return fileStore.getUsableSpace();
    }

    /** The file of a blob: derived from its digest alone, which must be 64 lower-case hex digits. */
    Path pathOf(String sha256) {
        BlobDigests.requireSha256(sha256);
        return root.resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
    }

    private static boolean isHexDir(Path path) {
        return TWO_HEX.matcher(path.getFileName().toString()).matches() && Files.isDirectory(path);
    }

    private static void fsync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
