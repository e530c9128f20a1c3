package dev.filesys.file.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Blobs as objects in an S3-compatible bucket: {@code blobs/ab/cd/abcd…} for the blob whose SHA-256 starts with
 * {@code abcd}, damaged blobs copied to {@code quarantine/<sha256>.<millis>} and removed from where reads look. Content
 * is staged in a local directory exactly as the local store stages it, then sent to the bucket when published: with one
 * PUT up to the part size, as a multipart upload streamed part by part from the staged file above it, and not at all
 * when an object with the same size and CRC32C is already there. Reads are (ranged) GETs streamed as they arrive.
 *
 * <p>The parts are sent here over the synchronous client, not by the SDK's multipart support: that needs the
 * asynchronous client and an asynchronous HTTP client (Netty or CRT), which the service does not otherwise carry.
 */
final class S3BlobStore implements BlobStore {

    /** S3's smallest part (except the last) and its largest. */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;

    private static final int MAX_PARTS = 10_000;
    private static final String BLOB_PREFIX = "blobs/";
    private static final String QUARANTINE_PREFIX = "quarantine/";
    private static final Pattern BLOB_KEY = Pattern.compile("blobs/[0-9a-f]{2}/[0-9a-f]{2}/([0-9a-f]{64})");
    private static final String CONTENT_TYPE = "application/octet-stream";
    private static final String CRC32C_METADATA = "crc32c";
    private static final String SIZE_METADATA = "size";
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);
    private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);

    private final S3Client client;
    private final String bucket;
    private final StagingArea staging;
    private final long partSize;
    private final long stagingLimit;

    /**
     * @param client the client for the bucket's service; this store does not close it
     * @param bucket an existing bucket
     * @param staging the local directory content is staged in before it is sent
     * @param partSize blobs larger than this go up as multipart uploads in parts of (at least) this size
     */
    S3BlobStore(S3Client client, String bucket, Path staging, long partSize) throws IOException {
        this(client, bucket, staging, partSize, Long.MAX_VALUE);
    }

    /**
     * @param stagingLimit the most bytes the staging directory may hold, whatever its filesystem says is free
     */
    S3BlobStore(S3Client client, String bucket, Path staging, long partSize, long stagingLimit) throws IOException {
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("an S3 part must be 5 MiB to 5 GiB, not " + partSize + " bytes");
        }
        this.client = client;
        this.bucket = bucket;
        // no fsync: a staged file only has to last until it is sent, and a crash fails the upload anyway
        this.staging = new StagingArea(staging, false);
        this.partSize = partSize;
        this.stagingLimit = stagingLimit;
    }

    @Override
    public StagedBlob stage(InputStream content, StageLimits limits) throws IOException {
        return staging.stage(content, limits);
    }

    /**
     * Sends the staged bytes to the blob's key, unless identical bytes are already there (same size and CRC32C in the
     * object's metadata, the SHA-256 being its key). S3 makes an object visible only when its PUT or multipart upload
     * completes, so readers see all of it or none.
     */
    @Override
    public void publish(StagedBlob staged) throws IOException {
        Path file = staging.pathOf(staged);
        String key = keyOf(staged.sha256());
        if (alreadyStored(key, staged)) {
            log.debug("blob {} is already in the bucket; not sending it again", staged.sha256());
        } else if (staged.size() <= partSize) {
            call(
                    "PUT " + key,
                    () -> client.putObject(
                            b -> b.bucket(bucket)
                                    .key(key)
                                    .contentType(CONTENT_TYPE)
                                    .contentLength(staged.size())
                                    .metadata(metadata(staged)),
                            RequestBody.fromFile(file)));
        } else {
            uploadInParts(file, key, staged);
        }
        StagingArea.deleteQuietly(file);
    }

    private boolean alreadyStored(String key, StagedBlob staged) throws IOException {
        HeadObjectResponse head = head(key);
        return head != null
                && head.contentLength() == staged.size()
                && crc32cHex(staged.crc32c()).equals(head.metadata().get(CRC32C_METADATA));
    }

    /** Parts are read from the staged file one at a time as the SDK sends them, so memory does not grow with the blob. */
    private void uploadInParts(Path file, String key, StagedBlob staged) throws IOException {
        inParts("upload of " + key, key, metadata(staged), staged.size(), (uploadId, number, offset, length) -> {
            UploadPartRequest request = UploadPartRequest.builder()
                    .bucket(bucket)
                    .key(key)
                    .uploadId(uploadId)
                    .partNumber(number)
                    .contentLength(length)
                    .build();
            // a retried part reads its region of the file again
            RequestBody body =
                    RequestBody.fromContentProvider(() -> region(file, offset, length), length, CONTENT_TYPE);
            return call(
                    "upload part " + number + " of " + key,
                    () -> client.uploadPart(request, body).eTag());
        });
    }

    /**
     * Sends {@code size} bytes to {@code key} as a multipart upload, one part after the other ({@code sender} sends one
     * and returns its ETag), and aborts the upload when anything fails.
     *
     * @param what the upload as failures name it, e.g. {@code upload of <key>}
     */
    private void inParts(String what, String key, Map<String, String> metadata, long size, PartSender sender)
            throws IOException {
        long part = partSizeFor(size);
        String uploadId = call(
                "start a multipart " + what,
                () -> client.createMultipartUpload(b -> b.bucket(bucket)
                                .key(key)
                                .contentType(CONTENT_TYPE)
                                .metadata(metadata))
                        .uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += part) {
                int number = parts.size() + 1;
                String etag = sender.send(uploadId, number, offset, Math.min(part, size - offset));
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            call(
                    "complete the multipart " + what,
                    () -> client.completeMultipartUpload(
                            b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
        } catch (IOException | RuntimeException e) {
            abortQuietly(key, uploadId);
            throw e;
        }
    }

    private static InputStream region(Path file, long offset, long length) {
        try {
            return new ChannelRegionInputStream(FileChannel.open(file, StandardOpenOption.READ), offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            log.warn("could not abort the multipart upload of {}; the sweeper will", key, e);
        }
    }

    @Override
    public void discard(StagedBlob staged) {
        staging.discard(staged);
    }

    /** A GET of the bytes asked for (a {@code Range} GET unless from the start to the end or beyond). */
    @Override
    public InputStream open(String sha256, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        String key = keyOf(sha256);
        if (length == 0) {
            if (head(key) == null) {
                throw new BlobNotStored(sha256);
            }
            return InputStream.nullInputStream();
        }
        String last = length > Long.MAX_VALUE - offset ? "" : Long.toString(offset + length - 1);
        String range = "bytes=" + offset + "-" + last;
        try {
            return new S3ObjectStream(
                    client.getObject(b -> b.bucket(bucket).key(key).range(range)));
        } catch (SdkException e) {
            int status = e instanceof S3Exception s3 ? s3.statusCode() : 0;
            if (status == 404) {
                throw new BlobNotStored(sha256);
            }
            if (status == 416) {
                // the object is there but shorter than the offset (every range of an empty object is unsatisfiable)
                return InputStream.nullInputStream();
            }
            throw failure("GET " + key, e);
        }
    }

    @Override
    public OptionalLong size(String sha256) throws IOException {
        HeadObjectResponse head = head(keyOf(sha256));
        return head == null ? OptionalLong.empty() : OptionalLong.of(head.contentLength());
    }

    /** DELETE is idempotent in S3: a blob that is not there is not an error. */
    @Override
    public void delete(String sha256) throws IOException {
        String key = keyOf(sha256);
        call("DELETE " + key, () -> client.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    /** Copies the blob to {@code quarantine/<sha256>.<millis>} (in parts when it is large), then deletes it. */
    @Override
    public void quarantine(String sha256) throws IOException {
        String key = keyOf(sha256);
        HeadObjectResponse head = head(key);
        if (head == null) {
            return;
        }
        String aside = QUARANTINE_PREFIX + sha256 + "." + System.currentTimeMillis();
        copy(key, aside, head.contentLength());
        call("DELETE " + key, () -> client.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    private void copy(String from, String to, long size) throws IOException {
        if (size <= partSize) {
            call(
                    "copy " + from,
                    () -> client.copyObject(b -> b.sourceBucket(bucket)
                            .sourceKey(from)
                            .destinationBucket(bucket)
                            .destinationKey(to)));
            return;
        }
        // a single copy is limited to 5 GiB; large blobs are copied part by part inside the service
        inParts(
                "copy of " + from,
                to,
                Map.of(),
                size,
                (uploadId, number, offset, length) -> call(
                        "copy part " + number + " of " + from,
                        () -> client.uploadPartCopy(b -> b.sourceBucket(bucket)
                                        .sourceKey(from)
                                        .destinationBucket(bucket)
                                        .destinationKey(to)
                                        .uploadId(uploadId)
                                        .partNumber(number)
                                        .copySourceRange("bytes=" + offset + "-" + (offset + length - 1)))
                                .copyPartResult()
                                .eTag()));
    }

    /**
     * Removes staged files older than {@code cutoff} and aborts multipart uploads of blobs started before it (left by
     * an instance that died while publishing), which the bucket would otherwise keep, and bill, for ever.
     */
    @Override
    public int removeStagedBefore(Instant cutoff) throws IOException {
        int removed = staging.removeBefore(cutoff);
        try {
            for (MultipartUpload upload : client.listMultipartUploadsPaginator(
                            b -> b.bucket(bucket).prefix(BLOB_PREFIX))
                    .uploads()) {
                if (upload.initiated() != null && upload.initiated().isBefore(cutoff)) {
                    client.abortMultipartUpload(
                            b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                    removed++;
                }
            }
        } catch (SdkException e) {
            log.warn("could not clear unfinished multipart uploads; the next pass retries", e);
        }
        return removed;
    }

    /** Lists the bucket's blob keys page by page (1 000 keys a request); memory does not grow with the bucket. */
    @Override
    public void forEachStoredBefore(Instant cutoff, Consumer<String> visitor) throws IOException {
        try {
            for (S3Object object : client.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix(BLOB_PREFIX))
                    .contents()) {
                Matcher matcher = BLOB_KEY.matcher(object.key());
                if (matcher.matches()
                        && object.key().equals(keyOf(matcher.group(1)))
                        && object.lastModified().isBefore(cutoff)) {
                    visitor.accept(matcher.group(1));
                }
            }
        } catch (SdkException e) {
            throw failure("listing " + BLOB_PREFIX, e);
        }
    }

    /**
     * The bucket has no useful limit; what runs out is the local space uploads are staged in (and tus bodies pass
     * through, in a sub-directory): what its filesystem has free, or what the staging limit leaves, if less.
     */
    @Override
    public long usableSpace() throws IOException {
        long free = staging.usableSpace();
        return stagingLimit == Long.MAX_VALUE ? free : Math.min(free, stagingLimit - staging.bytesHeld());
    }

    /**
     * Whether the bucket can be reached now: a HEAD of the bucket, given a few seconds.
     *
     * @throws IOException saying why not (the bucket is missing, access is denied, the service is unreachable)
     */
    void checkBucket() throws IOException {
        try {
            client.headBucket(b -> b.bucket(bucket).overrideConfiguration(o -> o.apiCallTimeout(CHECK_TIMEOUT)));
        } catch (S3Exception e) {
            throw new IOException(
                    switch (e.statusCode()) {
                        case 404 -> "bucket " + bucket + " does not exist";
                        case 403 -> "access to bucket " + bucket + " is denied";
                        default -> "bucket " + bucket + " answered HTTP " + e.statusCode();
                    },
                    e);
        } catch (SdkException e) {
            throw new IOException("bucket " + bucket + " is unreachable: " + e.getMessage(), e);
        }
    }

    /** The key of a blob: derived from its digest alone, which must be 64 lower-case hex digits. */
    static String keyOf(String sha256) {
        BlobDigests.requireSha256(sha256);
        return BLOB_PREFIX + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
    }

    /** Parts of at least the configured size, and few enough for S3's limit of 10 000 parts. */
    private long partSizeFor(long size) {
        return Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
    }

    private @Nullable HeadObjectResponse head(String key) throws IOException {
        try {
            return client.headObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            if (e instanceof S3Exception s3 && s3.statusCode() == 404) {
                return null;
            }
            throw failure("HEAD " + key, e);
        }
    }

    private static Map<String, String> metadata(StagedBlob staged) {
        return Map.of(CRC32C_METADATA, crc32cHex(staged.crc32c()), SIZE_METADATA, Long.toString(staged.size()));
    }

    private static String crc32cHex(long crc32c) {
        return HexFormat.of().toHexDigits((int) crc32c);
    }

    private <T> T call(String what, SdkCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (SdkException e) {
            throw failure(what, e);
        } catch (UncheckedIOException e) {
            // a staged file that could not be read while the SDK sent it
            throw e.getCause();
        }
    }

    private IOException failure(String what, SdkException e) {
        return new IOException(what + " in bucket " + bucket + " failed: " + e.getMessage(), e);
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run();
    }

    @FunctionalInterface
    private interface PartSender {
        /** Sends part {@code number} of a multipart upload: {@code length} bytes from {@code offset}; returns its ETag. */
        String send(String uploadId, int number, long offset, long length) throws IOException;
    }
}
