package dev.filesys.file.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.file.blobs.SizeLimitExceeded;
import dev.filesys.file.blobs.TransferPace;
import dev.filesys.file.testsupport.TestS3Server;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 chunk store against a real S3-compatible server: what reaches the bucket, and what a failure leaves. */
class S3ChunkStoreTest {

    private static final int MIB = 1024 * 1024;
    private static final long PART_SIZE = 5L * MIB;
    private static final TransferPace PACE = TransferPace.within(Duration.ofMinutes(1));

    @TempDir
    Path scratch;

    private final TestS3Server server = TestS3Server.shared();
    private final UUID upload = UUID.randomUUID();
    private String bucket;
    private S3ChunkStore store;

    @BeforeEach
    void newStore() throws IOException {
        bucket = server.createBucket();
        store = new S3ChunkStore(server.client(), bucket, scratch, PART_SIZE);
    }

    @Test
    void aBodyLongerThanAPartGoesUpInPartsAndReadsBackWhole() throws IOException {
        byte[] body = random(12 * MIB + 3, 1);

        ChunkStore.Written written = store.write(upload, 7, new ByteArrayInputStream(body), body.length, PACE, null);

        assertThat(written.length()).isEqualTo(body.length);
        assertThat(written.ending()).isEqualTo(ChunkStore.Ending.COMPLETE);
        assertThat(keys()).containsExactly("uploads/" + upload + "/7.part");
        assertThat(unfinishedMultipartUploads()).isEmpty();
        assertThat(scratchFiles()).isEmpty();
        try (InputStream read = store.read(upload, List.of(new ChunkStore.Chunk(7, body.length)))) {
            assertThat(read.readAllBytes()).isEqualTo(body);
        }
    }

    @Test
    void aCutBodyKeepsWhatArrivedInTheBucket() throws IOException {
        byte[] body = random(6 * MIB, 2);

        ChunkStore.Written written = store.write(upload, 1, cutAfter(body), 100L * MIB, PACE, null);

        assertThat(written.ending()).isEqualTo(ChunkStore.Ending.CUT);
        assertThat(written.length()).isEqualTo(body.length);
        assertThat(server.client()
                        .getObjectAsBytes(b -> b.bucket(bucket).key("uploads/" + upload + "/1.part"))
                        .asByteArray())
                .isEqualTo(body);
        assertThat(unfinishedMultipartUploads()).isEmpty();
    }

    @Test
    void aBodyOverTheLimitLeavesNothing() {
        byte[] body = random(8 * MIB, 3);

        assertThatThrownBy(() -> store.write(upload, 1, new ByteArrayInputStream(body), 6L * MIB, PACE, null))
                .isInstanceOf(SizeLimitExceeded.class);

        assertThat(keys()).isEmpty();
        assertThat(unfinishedMultipartUploads()).isEmpty();
        assertThat(scratchFiles()).isEmpty();
    }

    @Test
    void aBucketThatFailsMidBodyCountsNothingAndLeavesNothing() {
        byte[] body = random(12 * MIB, 4);
        // after the first part went up, another instance removes everything of the upload (a termination)
        InputStream terminatedMidWay = new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (pos >= 6 * MIB && !unfinishedMultipartUploads().isEmpty()) {
                    store.deleteAll(upload);
                }
                return super.read(b, off, len);
            }
        };

        assertThatThrownBy(() -> store.write(upload, 1, terminatedMidWay, body.length, PACE, null))
                .isInstanceOf(IOException.class);

        assertThat(keys()).isEmpty();
        assertThat(unfinishedMultipartUploads()).isEmpty();
        assertThat(scratchFiles()).isEmpty();
    }

    @Test
    void aBucketThatCannotBeWrittenCountsNothing() throws IOException {
        S3ChunkStore missing =
                new S3ChunkStore(server.client(), "no-such-bucket-" + UUID.randomUUID(), scratch, PART_SIZE);

        assertThatThrownBy(() -> missing.write(upload, 1, new ByteArrayInputStream(new byte[1000]), 1000, PACE, null))
                .isInstanceOf(IOException.class);

        assertThat(scratchFiles()).isEmpty();
    }

    @Test
    void aMissingOrShortPieceFailsTheRead() throws IOException {
        store.write(upload, 1, new ByteArrayInputStream(new byte[100]), 100, PACE, null);

        assertThatThrownBy(() -> {
                    try (InputStream read = store.read(upload, List.of(new ChunkStore.Chunk(1, 200)))) {
                        read.readAllBytes();
                    }
                })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("shorter than recorded");
        assertThatThrownBy(() -> {
                    try (InputStream read =
                            store.read(upload, List.of(new ChunkStore.Chunk(1, 100), new ChunkStore.Chunk(2, 100)))) {
                        read.readAllBytes();
                    }
                })
                .isInstanceOf(IOException.class);
    }

    /** The bytes, then a broken connection instead of their end. */
    private static InputStream cutAfter(byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n < 0) {
                    throw new IOException("connection reset");
                }
                return n;
            }
        };
    }

    private List<String> keys() {
        return server.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    private List<String> unfinishedMultipartUploads() {
        return server.client().listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads().stream()
                .map(MultipartUpload::key)
                .toList();
    }

    private List<Path> scratchFiles() {
        try (Stream<Path> files = Files.list(scratch)) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
