package dev.filesys.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * An overwrite of one existing file that may replace only the version that was read: the whole content in one
 * {@code POST /files?folderId=…&name=…&overwrite=true} with {@code If-Match} and the content's SHA-256
 * ({@code X-Checksum-SHA256}). A tus upload cannot carry {@code If-Match}, so this one is not resumable: an
 * interruption sends it again from the start (on another server after a fail-over).
 */
final class ReplacingUpload {

    private final FilesysClient client;
    private final Http http;
    private final JsonMapper json;
    private final Path local;
    private final ItemView existing;
    private final ProgressListener progress;

    ReplacingUpload(
            FilesysClient client,
            Http http,
            JsonMapper json,
            Path local,
            ItemView existing,
            ProgressListener progress) {
        this.client = client;
        this.http = http;
        this.json = json;
        this.local = local.toAbsolutePath().normalize();
        this.existing = existing;
        this.progress = progress;
    }

    FileView run() {
        long size;
        String sha256;
        try {
            size = Files.size(local);
            sha256 = Digests.sha256Hex(local);
        } catch (NoSuchFileException e) {
            throw new LocalFileProblem("no such file: " + local, true);
        } catch (IOException e) {
            throw new LocalFileProblem("cannot read " + local + ": " + e.getMessage(), false);
        }
        progress.started(size, 0);
        FileView stored = client.run(session -> send(session, size, sha256), true);
        progress.finished(size);
        return stored;
    }

    private FileView send(Session session, long size, String sha256) {
        String query = "/files?folderId=" + FilesysClient.segment(existing.folderId()) + "&name="
                + FilesysClient.segment(existing.name()) + "&overwrite=true";
        AtomicLong sent = new AtomicLong();
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> content(size, sent)), size);
        HttpRequest.Builder request = http.request(session.uri(query), session.token())
                .timeout(client.settings().transferTimeout())
                .header("X-Checksum-SHA256", sha256)
                .header("Content-Type", contentType())
                .POST(body);
        if (existing.etag() != null) {
            request.header("If-Match", existing.etag());
        }
        HttpResponse<byte[]> response = http.sendWatched(
                request.build(),
                HttpResponse.BodyHandlers.ofByteArray(),
                client.settings().stallTimeout(),
                sent::get,
                () -> sent.get() < size);
        if (response.statusCode() / 100 != 2) {
            throw Http.refusal(response.statusCode(), response.headers(), response.body());
        }
        return json.readValue(response.body(), FileView.class);
    }

    private String contentType() {
        try {
            String probed = Files.probeContentType(local);
            return probed == null ? "application/octet-stream" : probed;
        } catch (IOException e) {
            return "application/octet-stream";
        }
    }

    private InputStream content(long size, AtomicLong sent) {
        try {
            return new CountingInputStream(Files.newInputStream(local), size, count -> {
                sent.set(count);
                progress.advanced(count);
            });
        } catch (NoSuchFileException e) {
            throw new LocalFileProblem("no such file: " + local, true);
        } catch (IOException e) {
            throw new LocalFileProblem("cannot read " + local + ": " + e.getMessage(), false);
        }
    }
}
