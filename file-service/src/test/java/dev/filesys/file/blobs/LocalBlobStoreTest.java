package dev.filesys.file.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest {

    private static final StageLimits GENEROUS = new StageLimits(Long.MAX_VALUE, Duration.ofMinutes(5));

    @TempDir
    Path root;

    private LocalBlobStore store;

    @BeforeEach
    void createStore() throws IOException {
        store = new LocalBlobStore(root);
    }

    @Test
    void stagesWithBothDigestsAndPublishesUnderTheSha256() throws IOException {
        byte[] content = "hello, blobs".getBytes();
        StagedBlob staged = store.stage(new ByteArrayInputStream(content), GENEROUS);

        assertThat(staged.sha256()).isEqualTo(sha256(content));
        assertThat(staged.size()).isEqualTo(content.length);
        assertThat(staged.crc32c()).isEqualTo(crc32c(content));
        assertThat(store.exists(staged.sha256())).isFalse();
        assertThat(filesUnder(root.resolve("tmp"))).isEqualTo(1);

        store.publish(staged);

        Path expected = root.resolve(staged.sha256().substring(0, 2))
                .resolve(staged.sha256().substring(2, 4))
                .resolve(staged.sha256());
        assertThat(expected).hasBinaryContent(content);
        assertThat(store.size(staged.sha256())).hasValue(content.length);
        assertThat(filesUnder(root.resolve("tmp"))).isZero();
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
        assertThat(filesUnder(root.resolve("tmp"))).isZero();
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
            assertThat(in.readAllBytes()).hasSize(10);
        }
    }

    @Test
    void anOpenBlobStaysReadableAfterItIsDeleted() throws IOException {
        byte[] content = new byte[3 * LocalBlobStore.BUFFER_SIZE];
        new java.util.Random(7).nextBytes(content);
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
    void contentOverTheLimitLeavesNothingBehind() {
        byte[] content = new byte[LocalBlobStore.BUFFER_SIZE * 2];
        assertThatThrownBy(() -> store.stage(
                        new ByteArrayInputStream(content), new StageLimits(content.length - 1, Duration.ofMinutes(1))))
                .isInstanceOf(SizeLimitExceeded.class);
        assertThat(filesUnder(root.resolve("tmp"))).isZero();
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
        assertThat(filesUnder(root.resolve("tmp"))).isZero();
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
        assertThat(filesUnder(root.resolve("tmp"))).isZero();
    }

    @Test
    void discardRemovesTheStagedFile() throws IOException {
        StagedBlob staged = store.stage(new ByteArrayInputStream(new byte[10]), GENEROUS);
        store.discard(staged);
        assertThat(filesUnder(root.resolve("tmp"))).isZero();
        assertThat(store.exists(staged.sha256())).isFalse();
    }

    @Test
    void openingAMissingBlobSaysSo() {
        String missing = "0".repeat(64);
        assertThatThrownBy(() -> store.open(missing, 0, 1)).isInstanceOf(BlobNotStored.class);
    }

    @Test
    void locationsComeFromDigestsOnly() {
        assertThatThrownBy(() -> store.open("../../etc/passwd", 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open("A".repeat(64), 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.discard(new StagedBlob("0".repeat(64), 0, 0, "../x.tmp")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quarantineMovesABlobWhereReadsDoNotFindIt() throws IOException {
        StagedBlob staged = store.stage(new ByteArrayInputStream("rotten".getBytes()), GENEROUS);
        store.publish(staged);

        store.quarantine(staged.sha256());

        assertThat(store.exists(staged.sha256())).isFalse();
        try (Stream<Path> aside = Files.list(root.resolve("quarantine"))) {
            assertThat(aside.map(p -> p.getFileName().toString()))
                    .singleElement()
                    .asString()
                    .startsWith(staged.sha256() + ".");
        }
    }

    @Test
    void removesOnlyStagedFilesOlderThanTheCutoff() throws IOException {
        StagedBlob old = store.stage(new ByteArrayInputStream("old".getBytes()), GENEROUS);
        StagedBlob fresh = store.stage(new ByteArrayInputStream("fresh".getBytes()), GENEROUS);
        Path oldPath = root.resolve("tmp").resolve(old.location());
        Files.setLastModifiedTime(oldPath, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        int removed = store.removeStagedBefore(Instant.now().minus(Duration.ofHours(1)));

        assertThat(removed).isEqualTo(1);
        assertThat(oldPath).doesNotExist();
        assertThat(root.resolve("tmp").resolve(fresh.location())).exists();
    }

    @Test
    void listsStoredBlobsOlderThanTheCutoff() throws IOException {
        StagedBlob a = store.stage(new ByteArrayInputStream("a".getBytes()), GENEROUS);
        StagedBlob b = store.stage(new ByteArrayInputStream("b".getBytes()), GENEROUS);
        store.publish(a);
        store.publish(b);
        Files.setLastModifiedTime(
                store.pathOf(a.sha256()), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Files.writeString(root.resolve("stray-file"), "not a blob");

        assertThat(storedBefore(Instant.now().minus(Duration.ofHours(1)))).containsExactly(a.sha256());
        assertThat(storedBefore(Instant.now().plusSeconds(5))).containsExactlyInAnyOrder(a.sha256(), b.sha256());
    }

    @Test
    void streamsLargeContentThroughAFixedBuffer() throws IOException {
        long size = 64L * 1024 * 1024 + 17;
        MessageDigest expected = sha();
        InputStream generated = new GeneratedStream(size, expected);

        StagedBlob staged = store.stage(generated, GENEROUS);

        assertThat(staged.size()).isEqualTo(size);
        assertThat(staged.sha256()).isEqualTo(HexFormat.of().formatHex(expected.digest()));
    }

    private java.util.List<String> storedBefore(Instant cutoff) throws IOException {
        java.util.List<String> found = new java.util.ArrayList<>();
        store.forEachStoredBefore(cutoff, found::add);
        return found;
    }

    static long filesUnder(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
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
        return LocalBlobStore.sha256();
    }

    /** Deterministic pseudo-random bytes produced on the fly, digested as they are handed out. */
    static final class GeneratedStream extends InputStream {
        private long remaining;
        private long state = 0x9E3779B97F4A7C15L;
        private final MessageDigest digest;

        GeneratedStream(long size, MessageDigest digest) {
            this.remaining = size;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                b[off + i] = (byte) state;
            }
            digest.update(b, off, n);
            remaining -= n;
            return n;
        }
    }
}
