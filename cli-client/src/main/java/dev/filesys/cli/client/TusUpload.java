package dev.filesys.cli.client;

import dev.filesys.cli.state.PendingUpload;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One tus 1.0 upload (core and creation): {@code POST} creates it, {@code HEAD} tells how much the server has,
 * {@code PATCH}es send the rest in chunks. The upload's path is kept in the state file until it is finished, so an
 * interrupted upload resumes at the server's offset — in a later run, or at once on another server after a fail-over.
 * The local file's SHA-256, computed alongside, is compared with the stored file's at the end.
 *
 * <p>Written on {@link Http} rather than on tus-java-client (0.5.1): on {@code HttpURLConnection}, that library sends
 * every append as a chunked {@code POST} with {@code X-HTTP-Method-Override: PATCH}, keeps the append answer's headers
 * to itself (the {@value #FILE_ID} of the file an upload became), and cannot end an append whose body stops moving
 * ({@link StallWatch}). The fail-over, resumption, progress and error mapping here are what an adapter to it would
 * have to rebuild around it.
 */
final class TusUpload {

    /** Where uploads are created, below the API root. */
    static final String CREATION_PATH = "/uploads";
    /** Not tus: the header naming the file a completed upload became. */
    static final String FILE_ID = "X-File-Id";

    private static final String TUS_VERSION = "1.0.0";

    private final FilesysClient client;
    private final Http http;
    private final Path local;
    private final String folderId;
    private final String name;
    private final boolean overwrite;
    private final @Nullable String ifMatch;
    private final ProgressListener progress;

    private String uploadPath;
    private long size;
    private long offset;
    private String fileId;
    private boolean started;

    /**
     * @param folderId the folder the file goes into, or {@code null} for the root folder
     * @param ifMatch with {@code overwrite}: the ETag of the file it replaces, or {@code null}; the server checks it at
     *     creation and again when the last byte arrives, so a file changed meanwhile is refused (412), never lost
     */
    TusUpload(
            FilesysClient client,
            Http http,
            Path local,
            String folderId,
            String name,
            boolean overwrite,
            @Nullable String ifMatch,
            ProgressListener progress) {
        this.client = client;
        this.http = http;
        this.local = local.toAbsolutePath().normalize();
        this.folderId = folderId;
        this.name = name;
        this.overwrite = overwrite;
        this.ifMatch = ifMatch;
        this.progress = progress;
    }

    FileView run() {
        long modified;
        try {
            if (!Files.isRegularFile(local)) {
                throw new LocalFileProblem(
                        Files.exists(local) ? local + " is not a regular file" : "no such file: " + local,
                        !Files.exists(local));
            }
            size = Files.size(local);
            modified = Files.getLastModifiedTime(local).toMillis();
        } catch (IOException e) {
            throw new LocalFileProblem("cannot read " + local + ": " + e.getMessage(), false);
        }
        if (!Files.isReadable(local)) {
            throw new LocalFileProblem("cannot read " + local + ": permission denied", false);
        }
        FutureTask<String> localDigest = new FutureTask<>(() -> Digests.sha256Hex(local));
        Thread.ofPlatform().daemon().name("filesys-sha256").start(localDigest);

        // a new ETag to match is a new upload: one begun against another version could only end in 412
        String target = (folderId == null ? name : folderId + "/" + name) + (ifMatch == null ? "" : "\n" + ifMatch);
        String key = PendingUpload.keyOf(local.toString(), size, modified, target, overwrite);
        PendingUpload pending = client.state().uploads().get(key);
        uploadPath = pending == null ? null : pending.uploadPath();
        try {
            client.run(session -> transfer(session, key, modified), true);
        } catch (RequestRefused e) {
            if (e.status() / 100 == 4 && e.status() != 401 && e.status() != 408 && e.status() != 429) {
                // the server will not take this upload as it is: do not try to resume it next time
                client.update(state -> state.withoutUpload(key));
            }
            throw e;
        }
        client.update(state -> state.withoutUpload(key));
        progress.finished(size);

        FileView stored = storedFile();
        String expected = digest(localDigest);
        if (stored.sha256() != null && !stored.sha256().equalsIgnoreCase(expected)) {
            throw new ChecksumMismatch("the server stored " + name + " with SHA-256 " + stored.sha256()
                    + " but the local file has " + expected);
        }
        return stored;
    }

    /** Creates or resumes the upload on {@code session}'s server and sends what it lacks. */
    private Void transfer(Session session, String key, long modified) {
        if (uploadPath != null) {
            Long serverOffset = head(session);
            if (serverOffset == null) {
                uploadPath = null;
                client.update(state -> state.withoutUpload(key));
            } else {
                offset = serverOffset;
            }
        }
        if (uploadPath == null) {
            uploadPath = create(session);
            offset = 0;
            client.update(state ->
                    state.withUpload(new PendingUpload(key, uploadPath, local.toString(), name, size, modified)));
        }
        report();
        // an empty file is completed by one empty PATCH
        while (offset < size || (size == 0 && fileId == null)) {
            patch(session);
            report();
        }
        if (fileId == null) {
            head(session);
        }
        return null;
    }

    private void report() {
        if (!started) {
            progress.started(size, offset);
            started = true;
        } else {
            progress.advanced(offset);
        }
    }

    private String create(Session session) {
        StringBuilder metadata = new StringBuilder("filename ").append(base64(name));
        if (folderId != null) {
            metadata.append(",folderId ").append(base64(folderId));
        }
        if (overwrite) {
            metadata.append(",overwrite ").append(base64("true"));
        }
        String type = contentType();
        if (type != null) {
            metadata.append(",filetype ").append(base64(type));
        }
        HttpRequest.Builder creation = http.request(session.uri(CREATION_PATH), session.token())
                .header("Tus-Resumable", TUS_VERSION)
                .header("Upload-Length", Long.toString(size))
                .header("Upload-Metadata", metadata.toString())
                .POST(HttpRequest.BodyPublishers.noBody());
        if (ifMatch != null) {
            creation.header("If-Match", ifMatch);
        }
        HttpRequest request = creation.build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray(), false);
        if (response.statusCode() / 100 != 2) {
            throw Http.refusal(response.statusCode(), response.headers(), response.body());
        }
        String location = response.headers()
                .firstValue("Location")
                .orElseThrow(() -> new RequestRefused(
                        response.statusCode(),
                        "UNREADABLE_RESPONSE",
                        "the server created the upload but did not say where it is (no Location header)",
                        null));
        return session.below(request.uri().resolve(location));
    }

    /** The server's offset, or {@code null} when it no longer has the upload. */
    private Long head(Session session) {
        HttpRequest request = http.request(session.at(uploadPath), session.token())
                .header("Tus-Resumable", TUS_VERSION)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray(), false);
        int status = response.statusCode();
        if (status == 404 && response.body().length == 0) {
            // a HEAD answer has no body: a 404 may be the server's (no such upload) or the edge proxy's (no such
            // server any more, UNKNOWN_SERVER); a GET through the same proxy tells, and throws ServerUnreachable for
            // the second, so the upload moves to another server instead of starting over
            whyUnauthorized(session, null);
        }
        if (status == 404 || status == 410 || status == 403) {
            return null;
        }
        if (status == 401) {
            throw whyUnauthorized(session, Http.refusal(status, response.headers(), response.body()));
        }
        if (status / 100 != 2) {
            throw Http.refusal(status, response.headers(), response.body());
        }
        rememberFileId(response);
        return uploadOffset(response);
    }

    /**
     * A {@code HEAD} answer has no body, so a 401 does not say whether the session ended or was never logged in (nor a
     * 404 whether the upload or the whole server is gone); the same question with {@code GET /me} gets the problem
     * that says it.
     */
    private RequestRefused whyUnauthorized(Session session, RequestRefused bodiless) {
        try {
            session.api().me();
            return bodiless;
        } catch (RequestRefused explained) {
            return explained;
        }
    }

    private void patch(Session session) {
        long length = Math.min(client.settings().chunkBytes(), size - offset);
        long from = offset;
        AtomicLong sent = new AtomicLong();
        HttpRequest.BodyPublisher body = length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> chunk(from, length, sent)), length);
        HttpRequest request = http.request(session.at(uploadPath), session.token())
                .timeout(client.settings().transferTimeout())
                .header("Tus-Resumable", TUS_VERSION)
                .header("Upload-Offset", Long.toString(from))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", body)
                .build();
        HttpResponse<byte[]> response = http.sendWatched(
                request,
                HttpResponse.BodyHandlers.ofByteArray(),
                client.settings().stallTimeout(),
                sent::get,
                () -> sent.get() < length);
        int status = response.statusCode();
        if (status / 100 != 2) {
            RequestRefused refused = Http.refusal(status, response.headers(), response.body());
            boolean mismatch = refused.code().equals("OFFSET_MISMATCH");
            if (!mismatch && !refused.code().equals("UPLOAD_TIMEOUT")) {
                throw refused;
            }
            // the server has another offset (an earlier PATCH was cut short), or kept what arrived before its
            // deadline: ask, then continue from there (a timeout that kept nothing is not worth repeating)
            Long serverOffset = head(session);
            if (serverOffset == null || (!mismatch && serverOffset <= from)) {
                throw refused;
            }
            offset = serverOffset;
            return;
        }
        rememberFileId(response);
        offset = uploadOffset(response);
    }

    /** The bytes {@code [from, from + length)} of the local file, counted and reported as they are read. */
    private InputStream chunk(long from, long length, AtomicLong sent) {
        try {
            FileChannel channel =
                    FileChannel.open(local, StandardOpenOption.READ).position(from);
            return new CountingInputStream(Channels.newInputStream(channel), length, count -> {
                sent.set(count);
                progress.advanced(from + count);
            });
        } catch (NoSuchFileException e) {
            throw new LocalFileProblem("no such file: " + local, true);
        } catch (IOException e) {
            throw new LocalFileProblem("cannot read " + local + ": " + e.getMessage(), false);
        }
    }

    private void rememberFileId(HttpResponse<?> response) {
        response.headers().firstValue(FILE_ID).ifPresent(id -> fileId = id);
    }

    private long uploadOffset(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Upload-Offset")
                .filter(value -> !value.isEmpty() && value.chars().allMatch(Character::isDigit))
                .map(Long::parseLong)
                .orElseThrow(() -> new RequestRefused(
                        response.statusCode(),
                        "UNREADABLE_RESPONSE",
                        "the server's tus answer has no Upload-Offset header",
                        null));
    }

    /** The file the finished upload became: by the id the server named, else by name among the user's files. */
    private FileView storedFile() {
        if (fileId != null) {
            return client.info(fileId);
        }
        List<FileView> owned = client.list(Scope.OWNED);
        return owned.stream()
                .filter(file -> name.equals(file.name()) && (folderId == null || folderId.equals(file.folderId())))
                .findFirst()
                .orElseThrow(() -> new RequestRefused(
                        404, "FILE_NOT_FOUND", "the upload finished but " + name + " is not among your files", null));
    }

    private String contentType() {
        try {
            return Files.probeContentType(local);
        } catch (IOException e) {
            return null;
        }
    }

    private String digest(FutureTask<String> localDigest) {
        try {
            return localDigest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalFileProblem("interrupted while reading " + local, false);
        } catch (ExecutionException e) {
            throw new LocalFileProblem(
                    "cannot read " + local + ": " + e.getCause().getMessage(), false);
        }
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
