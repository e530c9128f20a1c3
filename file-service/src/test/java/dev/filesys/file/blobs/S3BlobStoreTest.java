package dev.filesys.file.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.testsupport.GeneratedContent;
import dev.filesys.file.testsupport.TestS3Server;
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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The blob-store contract against a real S3-compatible server (S3Proxy, in-process), with a client configured exactly
 * as the service configures its own; and what only the S3 store does: multipart uploads and copies, skipping bytes
 * already there, ranged GETs, clearing unfinished uploads, the bucket check, and memory that does not grow with a blob.
 */
class S3BlobStoreTest extends BlobStoreContractTest {

    private static final long PART_SIZE = 16L * 1024 * 1024;

    @TempDir
    Path root;

    private final TestS3Server server = TestS3Server.shared();
    private final RecordingInterceptor recorded = new RecordingInterceptor();
    private String bucket;
    private S3Client client;

    @Override
    BlobStore newStore() throws IOException {
        bucket = server.createBucket();
        client = clientFor(bucket, server.endpoint().toString());
        return new S3BlobStore(client, bucket, stagingDir(), PART_SIZE);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Override
    Path stagingDir() {
        return root.resolve("tmp");
    }

    @Override
    byte[] bytesWhereTheLayoutPutsIt(String sha256) {
        String key = "blobs/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
        try {
            return server.client()
                    .getObjectAsBytes(b -> b.bucket(bucket).key(key))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    @Override
    List<String> quarantined() {
        return server.client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix("quarantine/")).contents().stream()
                .map(object -> object.key().substring("quarantine/".length()))
                .toList();
    }

    @Override
    void makeOld(String sha256, Duration age) throws IOException {
        // S3 has no way to back-date an object; the server's filesystem back end reports its file's modification time
        Files.setLastModifiedTime(
                server.objectFile(bucket, S3BlobStore.keyOf(sha256)),
                FileTime.from(Instant.now().minus(age)));
    }

    @Override
    void damage(String sha256, long position) throws IOException {
        LocalBlobStoreTest.flipOneBit(server.objectFile(bucket, S3BlobStore.keyOf(sha256)), position);
    }

    @Override
    void addStrayEntry() {
        server.client()
                .putObject(b -> b.bucket(bucket).key("blobs/stray-object"), RequestBody.fromString("not a blob"));
        server.client()
                .putObject(
                        b -> b.bucket(bucket).key("blobs/ab/cd/" + "0".repeat(64)),
                        RequestBody.fromString("a blob's name under the wrong prefix"));
        server.client().putObject(b -> b.bucket(bucket).key("elsewhere"), RequestBody.fromString("not a blob"));
    }

    @Test
    void aLargeBlobGoesUpInPartsAndBothWaysMemoryDoesNotGrowWithIt() throws Exception {
        long size = 100L * 1024 * 1024 + 17;
        GeneratedContent generated = new GeneratedContent(size, 0);
        StagedBlob staged = store.stage(generated.stream(), GENEROUS);
        assertThat(staged.sha256()).isEqualTo(generated.sha256());
        recorded.clear();

        long publishGrowth;
        try (HeapWatch heap = new HeapWatch()) {
            store.publish(staged);
            publishGrowth = heap.peakGrowth();
            assertThat(heap.samples()).isPositive();
        }

        assertThat(recorded.sent(PutObjectRequest.class)).isEmpty();
        assertThat(recorded.sent(UploadPartRequest.class))
                .extracting(UploadPartRequest::contentLength)
                .containsExactly(
                        PART_SIZE, PART_SIZE, PART_SIZE, PART_SIZE, PART_SIZE, PART_SIZE, 4L * 1024 * 1024 + 17);
        assertThat(recorded.sent(CompleteMultipartUploadRequest.class)).hasSize(1);
        HeadObjectResponse head =
                server.client().headObject(b -> b.bucket(bucket).key(S3BlobStore.keyOf(staged.sha256())));
        assertThat(head.contentLength()).isEqualTo(size);
        assertThat(head.metadata())
                .containsEntry("crc32c", HexFormat.of().toHexDigits((int) staged.crc32c()))
                .containsEntry("size", Long.toString(size));
        assertThat(filesUnder(stagingDir())).isZero();

        MessageDigest downloaded = sha();
        long read = 0;
        long readGrowth;
        try (HeapWatch heap = new HeapWatch();
                InputStream in =
                        new CrcCheckingInputStream(store.open(staged.sha256(), 0, size + 1), size, staged.crc32c())) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                downloaded.update(buffer, 0, n);
                read += n;
            }
            readGrowth = heap.peakGrowth();
            assertThat(heap.samples()).isPositive();
        }
        assertThat(read).isEqualTo(size);
        assertThat(HexFormat.of().formatHex(downloaded.digest())).isEqualTo(staged.sha256());

        // a part buffered in memory would show as 16 MiB, the whole blob as 100 MiB
        assertThat(publishGrowth).as("live heap growth while publishing").isLessThan(8L * 1024 * 1024);
        assertThat(readGrowth).as("live heap growth while reading").isLessThan(8L * 1024 * 1024);

        // a range across the boundary between the first two parts
        long offset = PART_SIZE - 10;
        byte[] expected = generatedBytes(offset, 20);
        try (InputStream in = store.open(staged.sha256(), offset, 20)) {
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
    }

    @Test
    void aSmallBlobGoesUpWithOnePutAndItsDigestsAsMetadata() throws IOException {
        byte[] content = randomBytes(300_000, 3);
        StagedBlob staged = store.stage(new ByteArrayInputStream(content), GENEROUS);
        recorded.clear();

        store.publish(staged);

        assertThat(recorded.sent(PutObjectRequest.class)).singleElement().satisfies(put -> {
            assertThat(put.key()).isEqualTo(S3BlobStore.keyOf(staged.sha256()));
            assertThat(put.metadata()).containsEntry("crc32c", HexFormat.of().toHexDigits((int) crc32c(content)));
        });
        assertThat(recorded.sent(UploadPartRequest.class)).isEmpty();
    }

    @Test
    void bytesAlreadyInTheBucketAreNotSentAgain() throws IOException {
        byte[] content = randomBytes(50_000, 5);
        store.publish(store.stage(new ByteArrayInputStream(content), GENEROUS));
        recorded.clear();

        StagedBlob again = store.stage(new ByteArrayInputStream(content), GENEROUS);
        store.publish(again);

        assertThat(recorded.sent(PutObjectRequest.class)).isEmpty();
        assertThat(filesUnder(stagingDir())).isZero();
        assertThat(store.size(again.sha256())).hasValue(content.length);
    }

    @Test
    void anObjectUnderTheKeyWithOtherMetadataIsReplaced() throws IOException {
        byte[] content = randomBytes(50_000, 6);
        StagedBlob staged = store.stage(new ByteArrayInputStream(content), GENEROUS);
        server.client()
                .putObject(
                        b -> b.bucket(bucket).key(S3BlobStore.keyOf(staged.sha256())),
                        RequestBody.fromString("something else"));

        store.publish(staged);

        assertThat(bytesWhereTheLayoutPutsIt(staged.sha256())).isEqualTo(content);
    }

    @Test
    void rangesAreReadWithRangedGets() throws IOException {
        byte[] content = randomBytes(10_000, 8);
        StagedBlob staged = store.stage(new ByteArrayInputStream(content), GENEROUS);
        store.publish(staged);
        recorded.clear();

        try (InputStream in = store.open(staged.sha256(), 100, 50)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 100, 150));
        }

        assertThat(recorded.sent(GetObjectRequest.class))
                .singleElement()
                .extracting(GetObjectRequest::range)
                .isEqualTo("bytes=100-149");
    }

    @Test
    void aStreamClosedEarlyLetsTheNextReadsThrough() throws IOException {
        byte[] content = randomBytes(4 * 1024 * 1024, 9);
        StagedBlob staged = store.stage(new ByteArrayInputStream(content), GENEROUS);
        store.publish(staged);

        for (int i = 0; i < 20; i++) {
            try (InputStream in = store.open(staged.sha256(), 0, content.length)) {
                assertThat(in.readNBytes(10)).isEqualTo(java.util.Arrays.copyOf(content, 10));
            }
        }
        try (InputStream in = store.open(staged.sha256(), 0, content.length)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void quarantineCopiesALargeBlobInPartsThenRemovesIt() throws IOException {
        S3BlobStore smallParts = new S3BlobStore(client, bucket, stagingDir(), S3BlobStore.MIN_PART_SIZE);
        byte[] content = randomBytes(11 * 1024 * 1024, 10);
        StagedBlob staged = smallParts.stage(new ByteArrayInputStream(content), GENEROUS);
        smallParts.publish(staged);
        recorded.clear();

        smallParts.quarantine(staged.sha256());

        assertThat(recorded.sent(UploadPartCopyRequest.class))
                .extracting(UploadPartCopyRequest::copySourceRange)
                .containsExactly("bytes=0-5242879", "bytes=5242880-10485759", "bytes=10485760-11534335");
        assertThat(smallParts.exists(staged.sha256())).isFalse();
        String aside = "quarantine/" + quarantined().getFirst();
        byte[] kept = server.client()
                .getObjectAsBytes(b -> b.bucket(bucket).key(aside))
                .asByteArray();
        assertThat(sha256(kept)).isEqualTo(staged.sha256());
    }

    @Test
    void unfinishedMultipartUploadsAreAbortedOnceOlderThanTheCutoff() throws IOException {
        String key = S3BlobStore.keyOf("f".repeat(64));
        String uploadId = server.client()
                .createMultipartUpload(b -> b.bucket(bucket).key(key))
                .uploadId();

        assertThat(store.removeStagedBefore(Instant.now().minus(Duration.ofHours(1))))
                .isZero();
        assertThat(unfinishedUploads()).containsExactly(uploadId);

        assertThat(store.removeStagedBefore(Instant.now().plus(Duration.ofMinutes(1))))
                .isEqualTo(1);
        assertThat(unfinishedUploads()).isEmpty();
    }

    @Test
    void theBucketCheckSaysWhyABucketCannotBeUsed() throws IOException {
        ((S3BlobStore) store).checkBucket();

        S3BlobStore missing = new S3BlobStore(client, "no-such-bucket", stagingDir(), PART_SIZE);
        assertThatThrownBy(missing::checkBucket).isInstanceOf(IOException.class).hasMessageContaining("does not exist");

        try (S3Client nowhere = clientFor(bucket, "http://127.0.0.1:1")) {
            S3BlobStore unreachable = new S3BlobStore(nowhere, bucket, stagingDir(), PART_SIZE);
            assertThatThrownBy(unreachable::checkBucket)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("unreachable");
            assertThatThrownBy(() -> unreachable.size("0".repeat(64))).isInstanceOf(IOException.class);
        }
    }

    @Test
    void usableSpaceIsTheStagingDirectorysFreeSpace() throws IOException {
        assertThat(store.usableSpace())
                .isEqualTo(Files.getFileStore(stagingDir()).getUsableSpace());
    }

    @Test
    void partsAreBetweenFiveMebibytesAndFiveGibibytes() {
        assertThatThrownBy(() -> new S3BlobStore(client, bucket, stagingDir(), S3BlobStore.MIN_PART_SIZE - 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new S3BlobStore(client, bucket, stagingDir(), S3BlobStore.MAX_PART_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<String> unfinishedUploads() {
        return server.client().listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
                .map(software.amazon.awssdk.services.s3.model.MultipartUpload::uploadId)
                .toList();
    }

    @Test
    void withAStagingLimitFreeSpaceIsWhatTheLimitLeavesOfWhatIsStaged() throws IOException {
        S3BlobStore limited = new S3BlobStore(client, bucket, root.resolve("limited"), PART_SIZE, 10L * 1024 * 1024);
        assertThat(limited.usableSpace()).isEqualTo(10L * 1024 * 1024);

        StagedBlob staged = limited.stage(new ByteArrayInputStream(new byte[3 * 1024 * 1024]), GENEROUS);
        Files.createDirectories(root.resolve("limited").resolve("chunks"));
        Files.write(root.resolve("limited").resolve("chunks").resolve("passing-through.part"), new byte[1024 * 1024]);

        assertThat(limited.usableSpace()).isEqualTo(6L * 1024 * 1024);
        limited.discard(staged);
        assertThat(limited.usableSpace()).isEqualTo(9L * 1024 * 1024);
        assertThat(store.usableSpace())
                .as("without a limit, the filesystem's free space")
                .isCloseTo(
                        Files.getFileStore(root).getUsableSpace(),
                        org.assertj.core.data.Offset.offset(64L * 1024 * 1024));
    }

    private S3Client clientFor(String bucket, String endpoint) {
        FileServiceProperties.S3 settings = new FileServiceProperties.S3(
                endpoint,
                bucket,
                TestS3Server.REGION,
                TestS3Server.ACCESS_KEY,
                TestS3Server.SECRET_KEY,
                true,
                DataSize.ofBytes(PART_SIZE),
                null);
        return BlobStoreConfiguration.s3ClientBuilder(settings)
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorded))
                .build();
    }

    /** {@code length} bytes of the generated content from {@code offset} on. */
    private static byte[] generatedBytes(long offset, int length) throws IOException {
        try (InputStream in = new GeneratedContent(offset + length, 0).stream()) {
            in.skipNBytes(offset);
            return in.readAllBytes();
        }
    }
}
