package dev.filesys.file.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blob-store contract on real files: {@code root/ab/cd/<sha256>}, staged in {@code root/tmp}. */
class LocalBlobStoreTest extends BlobStoreContractTest {

    @TempDir
    Path root;

    private LocalBlobStore local;

    @Override
    BlobStore newStore() throws IOException {
        local = new LocalBlobStore(root);
        return local;
    }

    @Override
    Path stagingDir() {
        return root.resolve("tmp");
    }

    @Override
    byte[] bytesWhereTheLayoutPutsIt(String sha256) throws IOException {
        Path expected = root.resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
        try {
            return Files.readAllBytes(expected);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    List<String> quarantined() throws IOException {
        try (Stream<Path> aside = Files.list(root.resolve("quarantine"))) {
            return aside.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Override
    void makeOld(String sha256, Duration age) throws IOException {
        Files.setLastModifiedTime(
                local.pathOf(sha256), FileTime.from(Instant.now().minus(age)));
    }

    @Override
    void damage(String sha256, long position) throws IOException {
        flipOneBit(local.pathOf(sha256), position);
    }

    @Override
    void addStrayEntry() throws IOException {
        Files.writeString(root.resolve("stray-file"), "not a blob");
        Path dir = Files.createDirectories(root.resolve("ab").resolve("cd"));
        Files.writeString(dir.resolve("0".repeat(64)), "a blob's name in the wrong directory");
    }

    static void flipOneBit(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x01);
        }
    }

    @Test
    void blobsAndTheirDirectoriesAreReadableByTheServiceOnly() throws IOException {
        BlobStore store = newStore();
        StagedBlob staged = store.stage(new ByteArrayInputStream(new byte[] {1, 2, 3}), GENEROUS);
        assertThat(Files.getPosixFilePermissions(local.root().resolve("tmp")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        try (Stream<Path> stagedFiles = Files.list(root.resolve("tmp"))) {
            assertThat(stagedFiles)
                    .singleElement()
                    .satisfies(file -> assertThat(Files.getPosixFilePermissions(file))
                            .isEqualTo(PosixFilePermissions.fromString("rw-------")));
        }

        store.publish(staged);

        Path blob = local.pathOf(staged.sha256());
        assertThat(Files.getPosixFilePermissions(blob)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(blob.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(blob.getParent().getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(root.resolve("quarantine")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }
}
