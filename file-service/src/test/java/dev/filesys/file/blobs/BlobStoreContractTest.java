package dev.filesys.file.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.file.testsupport.GeneratedContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} promises, run against each implementation by a subclass that says where the store keeps
 * things (so the tests can look behind it) and how to make a stored blob look old or damaged.
 */
abstract class BlobStoreContractTest {

    static final StageLimits GENEROUS = new StageLimits(Long.MAX_VALUE, Duration.ofMinutes(5));

    BlobStore store;

    @BeforeEach
    void createStore() throws IOException {
        store = newStore();
    }

    /** A new store with nothing in it. */
    abstract BlobStore newStore() throws IOException;

    /** The local directory the store stages content in. */
    abstract Path stagingDir();

    /** The bytes at the place the store's layout gives the blob (its file or its object), or null when none. */
    abstract byte[] bytesWhereTheLayoutPutsIt(String sha256) throws IOException;

    /** Names of what the store moved aside as damaged. */
    abstract List<String> quarantined() throws IOException;

    /** Makes a stored blob look as if it was written {@code age} ago. */
    abstract void makeOld(String sha256, Duration age) throws IOException;

    /** Flips one bit of a stored blob's bytes behind the store's back, as bit rot would. */
    abstract void damage(String sha256, long position) throws IOException;

    /** Puts something that is not a blob where the store keeps blobs. */
    abstract void addStrayEntry() throws IOException;

    @Test
    void stagesWithBothDigestsAndPublishesUnderTheSha256() throws IOException {
        byte[] content = "hello, blobs".getBytes();
        StagedBlob staged = store.stage(new ByteArrayInputStream(content), GENEROUS);

        assertThat(staged.sha256()).isEqualTo(sha256(content));
        assertThat(staged.size()).isEqualTo(content.length);
        assertThat(staged.crc32c()).isEqualTo(crc32c(content));
        assertThat(store.exists(staged.sha256())).isFalse();
        assertThat(filesUnder(stagingDir())).isEqualTo(1);

        store.publish(staged);

        assertThat(bytesWhereTheLayoutPutsIt(staged.sha256())).isEqualTo(content);
        assertThat(store.size(staged.sha256())).hasValue(content.length);
        assertThat(filesUnder(stagingDir())).isZero();
        try (InputStream in = store.open(staged.sha256(), 0, content.length)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void identicalContentIsStoredOnce() throws IOException {
        byte[] content = "same bytes".getBytes();
        StagedBlob first = store.stage(new ByteArrayInputStream(content), GENEROUS);
        StagedBlob second = store.stage(new ByteArrayInputStream(content), GENEROUS);
        store.publish(first);
        store.publish(second);

        assertThat(first.sha256()).isEqualTo(second.sha256());
        assertThat(storedBefore(Instant.now().plusSeconds(60))).containsExactly(first.sha256());
        assertThat(filesUnder(stagingDir())).isZero();
        try (InputStream in = store.open(first.sha256(), 0, content.length)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void opensRangesAndStopsAtTheEnd() throws IOException {
        byte[] content = new byte[1000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        StagedBlob staged = store.stage(new ByteArrayInputStream(content), GENEROUS);
        store.publish(staged);

        try (InputStream in = store.open(staged.sha256(), 10, 5)) {
            assertThat(in.readAllBytes()).containsExactly(10, 11, 12, 13, 14);
        }
        try (InputStream in = store.open(staged.sha256(), 990, 100)) {
            assertThat(in.readAllBytes()).hasSize(10).endsWith((byte) 999);
        }
        try (InputStream in = store.open(staged.sha256(), 500, Long.MAX_VALUE)) {
            assertThat(in.readAllBytes()).hasSize(500);
        }
        try (InputStream in = store.open(staged.sha256(), 1000, 10)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        try (InputStream in = store.open(staged.sha256(), 0, 0)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void anEmptyBlobRoundTripsAndPassesItsCheck() throws IOException {
        StagedBlob staged = store.stage(InputStream.nullInputStream(), GENEROUS);
        store.publish(staged);

        assertThat(store.size(staged.sha256())).hasValue(0);
        // a whole read asks for one byte more than the size, to catch a blob that grew
        try (InputStream in = new CrcCheckingInputStream(store.open(staged.sha256(), 0, 1), 0, staged.crc32c())) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void aWholeReadIsCheckedAgainstTheCrcAndADamagedBlobNeverReadsAsComplete() throws IOException {
        byte[] content = randomBytes(3 * StagingArea.BUFFER_SIZE + 5, 11);
        StagedBlob staged = store.stage(new ByteArrayInputStream(content), GENEROUS);
        store.publish(staged);

        try (InputStream in = new CrcCheckingInputStream(
                store.open(staged.sha256(), 0, content.length + 1), content.length, staged.crc32c())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }

        damage(staged.sha256(), 200_000);

        try (InputStream in = new CrcCheckingInputStream(
                store.open(staged.sha256(), 0, content.length + 1), content.length, staged.crc32c())) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IntegrityViolation.class);
        }
    }

    @Test
    void anOpenBlobStaysReadableAfterItIsDeleted() throws IOException {
        byte[] content = randomBytes(3 * StagingArea.BUFFER_SIZE, 7);
        StagedBlob staged = store.stage(new ByteArrayInputStream(content), GENEROUS);
        store.publish(staged);

        try (InputStream in = store.open(staged.sha256(), 0, content.length)) {
            byte[] head = in.readNBytes(100);
            store.delete(staged.sha256());
            assertThat(store.exists(staged.sha256())).isFalse();
            byte[] rest = in.readAllBytes();
            assertThat(head.length + rest.length).isEqualTo(content.length);
            assertThat(rest[rest.length - 1]).isEqualTo(content[content.length - 1]);
        }
    }

    @Test
    void deletingRemovesTheBlobAndAMissingOneIsNoError() throws IOException {
        StagedBlob staged = store.stage(new ByteArrayInputStream("short-lived".getBytes()), GENEROUS);
        store.publish(staged);

        store.delete(staged.sha256());
        store.delete(staged.sha256());

        assertThat(store.exists(staged.sha256())).isFalse();
        assertThat(bytesWhereTheLayoutPutsIt(staged.sha256())).isNull();
        assertThatThrownBy(() -> store.open(staged.sha256(), 0, 1)).isInstanceOf(BlobNotStored.class);
    }

    @Test
    void contentOverTheLimitLeavesNothingBehind() {
        byte[] content = new byte[StagingArea.BUFFER_SIZE * 2];
        assertThatThrownBy(() -> store.stage(
                        new ByteArrayInputStream(content), new StageLimits(content.length - 1, Duration.ofMinutes(1))))
                .isInstanceOf(SizeLimitExceeded.class);
        assertThat(filesUnder(stagingDir())).isZero();
    }

    @Test
    void contentExactlyAtTheLimitIsAccepted() throws IOException {
        byte[] content = new byte[4096];
        StagedBlob staged =
                store.stage(new ByteArrayInputStream(content), new StageLimits(4096, Duration.ofMinutes(1)));
        assertThat(staged.size()).isEqualTo(4096);
    }

    @Test
    void aBrokenSourceIsReportedAsSuchAndLeavesNothingBehind() {
        InputStream broken = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ > 10_000) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> store.stage(broken, GENEROUS))
                .isInstanceOf(ContentReadFailed.class)
                .satisfies(e -> assertThat(((ContentReadFailed) e).timedOut()).isFalse());
        assertThat(filesUnder(stagingDir())).isZero();
    }

    @Test
    void aSourceOverItsTimeLimitFailsAndLeavesNothingBehind() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                b[off] = 'x';
                return 1;
            }
        };
        assertThatThrownBy(() -> store.stage(endless, new StageLimits(Long.MAX_VALUE, Duration.ofMillis(50))))
                .isInstanceOf(DeadlineExceeded.class);
        assertThat(filesUnder(stagingDir())).isZero();
    }

    @Test
    void discardRemovesTheStagedFile() throws IOException {
        StagedBlob staged = store.stage(new ByteArrayInputStream(new byte[10]), GENEROUS);
        store.discard(staged);
        assertThat(filesUnder(stagingDir())).isZero();
        assertThat(store.exists(staged.sha256())).isFalse();
    }

    @Test
    void aMissingBlobIsNotThere() throws IOException {
        String missing = "0".repeat(64);
        assertThatThrownBy(() -> store.open(missing, 0, 1)).isInstanceOf(BlobNotStored.class);
        assertThatThrownBy(() -> store.open(missing, 0, 0)).isInstanceOf(BlobNotStored.class);
        assertThat(store.size(missing)).isEmpty();
        assertThat(store.exists(missing)).isFalse();
        store.quarantine(missing);
        assertThat(quarantined()).isEmpty();
    }

    @Test
    void locationsComeFromDigestsOnly() {
        assertThatThrownBy(() -> store.open("../../etc/passwd", 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open("A".repeat(64), 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.size("../" + "0".repeat(61))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.discard(new StagedBlob("0".repeat(64), 0, 0, null, "../x.tmp")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.publish(new StagedBlob("0".repeat(64), 0, 0, null, "../../etc/passwd")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quarantineMovesABlobWhereReadsDoNotFindItAndTheSameBytesHealIt() throws IOException {
        byte[] content = "rotten".getBytes();
        StagedBlob staged = store.stage(new ByteArrayInputStream(content), GENEROUS);
        store.publish(staged);

        store.quarantine(staged.sha256());

        assertThat(store.exists(staged.sha256())).isFalse();
        assertThatThrownBy(() -> store.open(staged.sha256(), 0, 1)).isInstanceOf(BlobNotStored.class);
        assertThat(quarantined()).singleElement().asString().startsWith(staged.sha256() + ".");

        store.publish(store.stage(new ByteArrayInputStream(content), GENEROUS));

        try (InputStream in = store.open(staged.sha256(), 0, content.length)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void removesOnlyStagedFilesOlderThanTheCutoff() throws IOException {
        StagedBlob old = store.stage(new ByteArrayInputStream("old".getBytes()), GENEROUS);
        StagedBlob fresh = store.stage(new ByteArrayInputStream("fresh".getBytes()), GENEROUS);
        Path oldPath = stagingDir().resolve(old.location());
        Files.setLastModifiedTime(oldPath, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        int removed = store.removeStagedBefore(Instant.now().minus(Duration.ofHours(1)));

        assertThat(removed).isEqualTo(1);
        assertThat(oldPath).doesNotExist();
        assertThat(stagingDir().resolve(fresh.location())).exists();
    }

    @Test
    void listsStoredBlobsOlderThanTheCutoff() throws IOException {
        StagedBlob a = store.stage(new ByteArrayInputStream("a".getBytes()), GENEROUS);
        StagedBlob b = store.stage(new ByteArrayInputStream("b".getBytes()), GENEROUS);
        store.publish(a);
        store.publish(b);
        makeOld(a.sha256(), Duration.ofHours(2));
        addStrayEntry();

        assertThat(storedBefore(Instant.now().minus(Duration.ofHours(1)))).containsExactly(a.sha256());
        assertThat(storedBefore(Instant.now().plusSeconds(5))).containsExactlyInAnyOrder(a.sha256(), b.sha256());
    }

    @Test
    void streamsLargeContentThroughAFixedBuffer() throws IOException {
        long size = 64L * 1024 * 1024 + 17;
        GeneratedContent content = new GeneratedContent(size, 0);

        StagedBlob staged = store.stage(content.stream(), GENEROUS);

        assertThat(staged.size()).isEqualTo(size);
        assertThat(staged.sha256()).isEqualTo(content.sha256());
        assertThat(Files.size(stagingDir().resolve(staged.location()))).isEqualTo(size);
    }

    List<String> storedBefore(Instant cutoff) throws IOException {
        List<String> found = new ArrayList<>();
        store.forEachStoredBefore(cutoff, found::add);
        return found;
    }

    static long filesUnder(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] content) {
        return HexFormat.of().formatHex(sha().digest(content));
    }

    static long crc32c(byte[] content) {
        CRC32C crc = new CRC32C();
        crc.update(content);
        return crc.getValue();
    }

    static MessageDigest sha() {
        return StagingArea.sha256();
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
