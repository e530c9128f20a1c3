package dev.filesys.file.uploads;

import dev.filesys.file.blobs.PrivateFiles;
import dev.filesys.file.blobs.S3ObjectStream;
import dev.filesys.file.blobs.TransferPace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Upload chunks as objects in the blob store's bucket: {@code uploads/<upload id>/<generation>.part}, next to the
 * blobs' {@code blobs/} prefix. A PATCH body goes through a local scratch file of at most the part size: a body that
 * fits is sent with one PUT when it ends; a longer one becomes a multipart upload, a part sent each time the scratch
 * file fills, completed when the body ends (however it ends). An object appears only when its PUT or multipart upload
 * completes, and {@link #write} returns only then, so a chunk that counts is always whole in the bucket; a failure
 * aborts the multipart upload and keeps nothing. What a dead instance left (a multipart upload never completed, a
 * scratch file) is removed by the sweeper; the scratch directory holds at most one part size per PATCH in flight.
 */
final class S3ChunkStore implements ChunkStore {

    static final String PREFIX = "uploads/";

    private static final Pattern KEY = Pattern.compile("uploads/([0-9a-f-]{36})/(?:[0-9]+\\.part)?");
    private static final Pattern SCRATCH_NAME = Pattern.compile("[0-9a-f-]{36}\\.part");
    private static final String CONTENT_TYPE = "application/octet-stream";
    private static final Logger log = LoggerFactory.getLogger(S3ChunkStore.class);

    private final S3Client client;
    private final String bucket;
    private final Path scratch;
    private final long partSize;

    /**
     * @param client the client for the bucket's service; this store does not close it
     * @param bucket the blob store's bucket
     * @param scratch the local directory bodies pass through
     * @param partSize a body longer than this goes up as a multipart upload in parts of this size (5 MiB at least)
     */
    S3ChunkStore(S3Client client, String bucket, Path scratch, long partSize) throws IOException {
        if (partSize < 5L * 1024 * 1024) {
            throw new IllegalArgumentException("an S3 part must be 5 MiB or more, not " + partSize + " bytes");
        }
        this.client = client;
        this.bucket = bucket;
        this.scratch = scratch.toAbsolutePath().normalize();
        this.partSize = partSize;
        PrivateFiles.createDirectories(this.scratch);
    }

    @Override
    public Written write(
            UUID upload, long generation, InputStream body, long maxBytes, TransferPace pace, MessageDigest digest)
            throws IOException {
        Path file = scratch.resolve(UUID.randomUUID() + ".part");
        try (FileChannel channel = PrivateFiles.create(
                        file,
                        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE));
                Upload object = new Upload(keyOf(upload, generation), file, channel)) {
            ChunkBody.Copied copied = ChunkBody.copy(body, maxBytes, pace, digest, object::append);
            object.finish();
            return new Written(copied.length(), digest == null ? null : digest.digest(), copied.ending());
        } finally {
            deleteQuietly(file);
        }
    }

    /**
     * One piece on its way to the bucket: bytes are appended to the scratch file; each time it holds a part, the part
     * is sent (starting a multipart upload with the first) and the file starts over.
     */
    private final class Upload implements AutoCloseable {

        private final String key;
        private final Path file;
        private final FileChannel channel;
        private final List<CompletedPart> parts = new ArrayList<>();
        private String uploadId;
        private long buffered;
        private boolean finished;

        Upload(String key, Path file, FileChannel channel) {
            this.key = key;
            this.file = file;
            this.channel = channel;
        }

        void append(byte[] buffer, int offset, int length) throws IOException {
            int done = 0;
            while (done < length) {
                int n = (int) Math.min(length - done, partSize - buffered);
                PrivateFiles.write(channel, buffer, offset + done, n);
                buffered += n;
                done += n;
                if (buffered == partSize) {
                    sendPart();
                }
            }
        }

        /** Makes the piece visible in the bucket: one PUT, or the last part and the completion; nothing if empty. */
        void finish() throws IOException {
            if (uploadId == null) {
                if (buffered > 0) {
                    long length = buffered;
                    call(
                            "PUT " + key,
                            () -> client.putObject(
                                    b -> b.bucket(bucket)
                                            .key(key)
                                            .contentType(CONTENT_TYPE)
                                            .contentLength(length),
                                    RequestBody.fromFile(file)));
                }
            } else {
                if (buffered > 0) {
                    sendPart();
                }
                call(
                        "complete the multipart upload of " + key,
                        () -> client.completeMultipartUpload(b ->
                                b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
            }
            finished = true;
        }

        private void sendPart() throws IOException {
            if (uploadId == null) {
                uploadId = call(
                        "start a multipart upload of " + key,
                        () -> client.createMultipartUpload(
                                        b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE))
                                .uploadId());
            }
            int number = parts.size() + 1;
            long length = buffered;
            String etag = call(
                    "upload part " + number + " of " + key,
                    () -> client.uploadPart(
                                    b -> b.bucket(bucket)
                                            .key(key)
                                            .uploadId(uploadId)
                                            .partNumber(number)
                                            .contentLength(length),
                                    RequestBody.fromFile(file))
                            .eTag());
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            channel.truncate(0);
            channel.position(0);
            buffered = 0;
        }

        /** A piece that did not finish leaves nothing: its multipart upload is aborted. */
        @Override
        public void close() {
            if (!finished && uploadId != null) {
                abortQuietly(key, uploadId);
            }
        }
    }

    @Override
    public void discard(UUID upload, long generation) {
        String key = keyOf(upload, generation);
        try {
            client.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            log.warn("could not delete a discarded upload chunk; the sweeper will", e);
        }
    }

    @Override
    public InputStream read(UUID upload, List<Chunk> chunks) {
        return new ChunkSequence(chunks, chunk -> open(keyOf(upload, chunk.generation())));
    }

    private InputStream open(String key) throws IOException {
        return new S3ObjectStream(
                call("GET " + key, () -> client.getObject(b -> b.bucket(bucket).key(key))));
    }

    /** Deletes the upload's objects and aborts its multipart uploads (a PATCH still in flight then fails). */
    @Override
    public void deleteAll(UUID upload) {
        String prefix = PREFIX + upload + "/";
        try {
            for (MultipartUpload unfinished : client.listMultipartUploadsPaginator(
                            b -> b.bucket(bucket).prefix(prefix))
                    .uploads()) {
                abortQuietly(unfinished.key(), unfinished.uploadId());
            }
            for (S3Object object : client.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix(prefix))
                    .contents()) {
                client.deleteObject(b -> b.bucket(bucket).key(object.key()));
            }
        } catch (SdkException e) {
            log.warn("could not delete the chunks of upload {}; the sweeper will", upload, e);
        }
    }

    /** Lists the {@code uploads/} prefix page by page: objects and multipart uploads older than {@code cutoff}. */
    @Override
    public List<UUID> uploadsWrittenBefore(Instant cutoff) throws IOException {
        Set<UUID> found = new LinkedHashSet<>();
        try {
            for (S3Object object : client.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix(PREFIX))
                    .contents()) {
                if (object.lastModified().isBefore(cutoff)) {
                    uploadOf(object.key(), found);
                }
            }
            for (MultipartUpload unfinished : client.listMultipartUploadsPaginator(
                            b -> b.bucket(bucket).prefix(PREFIX))
                    .uploads()) {
                if (unfinished.initiated() != null && unfinished.initiated().isBefore(cutoff)) {
                    uploadOf(unfinished.key(), found);
                }
            }
        } catch (SdkException e) {
            throw new IOException("listing " + PREFIX + " in bucket " + bucket + " failed: " + e.getMessage(), e);
        }
        return List.copyOf(found);
    }

    private static void uploadOf(String key, Set<UUID> found) {
        Matcher matcher = KEY.matcher(key);
        if (matcher.matches()) {
            try {
                found.add(UUID.fromString(matcher.group(1)));
            } catch (IllegalArgumentException e) {
                // not an upload's key
            }
        }
    }

    /** Scratch files a PATCH that died with its instance left (a live one is written at least once per part). */
    @Override
    public int removeScratchBefore(Instant cutoff) {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(scratch)) {
            for (Path entry : entries) {
                if (SCRATCH_NAME.matcher(entry.getFileName().toString()).matches()
                        && Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)
                        && Files.deleteIfExists(entry)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            log.warn("could not clear old upload scratch files; the next pass retries", e);
        }
        return removed;
    }

    /** A body passes through one part's worth of scratch at most. */
    @Override
    public long localBytesFor(long bodyLength) {
        return Math.min(bodyLength, partSize);
    }

    static String keyOf(UUID upload, long generation) {
        return PREFIX + upload + "/" + generation + ".part";
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            log.warn("could not abort the multipart upload of {}; the sweeper will", key, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete scratch file {}; the sweeper will", file.getFileName(), e);
        }
    }

    private <T> T call(String what, SdkCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (S3Exception e) {
            throw new IOException(
                    what + " in bucket " + bucket + " failed: HTTP " + e.statusCode() + " " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException(what + " in bucket " + bucket + " failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run();
    }
}
