package dev.filesys.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One download into a {@code .part} file beside the target. A partial file left by an interrupted run, or by a server
 * that stopped answering, is continued with {@code Range: bytes=N-} (guarded by {@code If-Range} with the file's
 * ETag); the whole file's SHA-256 is checked before it is renamed into place, so the target only ever holds verified
 * bytes.
 */
final class Download {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final FilesysClient client;
    private final Http http;
    private final FileView file;
    private final Path target;
    private final boolean overwrite;
    private final ProgressListener progress;
    private final MessageDigest digest = Digests.sha256();
    private final String expected;

    private Path part;
    private volatile long have;
    private volatile boolean reading;

    Download(
            FilesysClient client, Http http, FileView file, Path target, boolean overwrite, ProgressListener progress) {
        this.client = client;
        this.http = http;
        this.file = file;
        this.overwrite = overwrite;
        this.progress = progress;
        this.expected = file.sha256() == null ? null : file.sha256().toLowerCase(Locale.ROOT);
        Path resolved = target.toAbsolutePath().normalize();
        this.target = Files.isDirectory(resolved) ? resolved.resolve(file.name()) : resolved;
    }

    Downloaded run() {
        if (Files.exists(target) && !overwrite) {
            throw new LocalFileProblem(target + " already exists (use --force to replace it)", false);
        }
        if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
            throw new LocalFileProblem("no such directory: " + target.getParent(), true);
        }
        String tag = expected == null ? file.fileId() : expected.substring(0, Math.min(12, expected.length()));
        part = target.resolveSibling(target.getFileName() + "." + tag + ".part");
        long resumedFrom = loadPartial();
        progress.started(file.size(), have);
        if (have < file.size() || file.size() == 0) {
            client.run(this::fetch, true);
        }
        String actual = Digests.hex(digest);
        if (expected != null && !expected.equals(actual)) {
            deletePart();
            throw new ChecksumMismatch("the downloaded bytes of " + file.name() + " have SHA-256 " + actual
                    + " instead of " + expected + "; the partial file was removed, try again");
        }
        moveIntoPlace();
        progress.finished(have);
        return new Downloaded(file, target, resumedFrom);
    }

    /** Hashes what an earlier run left in the part file; returns its length (0 when none or unusable). */
    private long loadPartial() {
        try {
            if (Files.exists(part)) {
                long length = Files.size(part);
                if (length > file.size()) {
                    Files.delete(part);
                } else {
                    Digests.update(digest, part, length);
                    have = length;
                }
            }
        } catch (IOException e) {
            throw new LocalFileProblem("cannot read " + part + ": " + e.getMessage(), false);
        }
        return have;
    }

    private Void fetch(Session session) {
        HttpRequest.Builder request = http.request(
                        session.uri("/files/" + FilesysClient.segment(file.fileId()) + "/content"), session.token())
                .timeout(client.settings().transferTimeout())
                .header("Accept", "*/*");
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
            if (expected != null) {
                request.header("If-Range", "\"" + expected + "\"");
            }
        }
        HttpResponse<InputStream> response =
                http.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream(), false);
        int status = response.statusCode();
        if (status == 416 && have >= file.size()) {
            closeQuietly(response.body());
            return null;
        }
        if (status != 200 && status != 206) {
            throw Http.refusal(response);
        }
        checkEtag(response);
        if (status == 206 && !rangeStartsAt(response, have)) {
            // not the range that was asked for: start over with the whole file
            closeQuietly(response.body());
            have = 0;
            digest.reset();
            return fetch(session);
        }
        if (status == 200) {
            have = 0;
            digest.reset();
        }
        copy(session, response.body(), status == 206);
        return null;
    }

    private void copy(Session session, InputStream body, boolean append) {
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = body;
                OutputStream out = Files.newOutputStream(
                        part,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
                StallWatch watch = new StallWatch(
                        client.settings().stallTimeout(), () -> have, () -> reading, () -> closeQuietly(in))) {
            progress.advanced(have);
            while (true) {
                int read;
                try {
                    reading = true;
                    read = in.read(buffer);
                } catch (IOException e) {
                    throw watch.stalled()
                            ? new ServerUnreachable(
                                    false,
                                    "the file-service at " + Http.origin(session.serverUrl()) + " stopped sending ("
                                            + "nothing for "
                                            + client.settings().stallTimeout().toSeconds() + " s)",
                                    e)
                            : Http.unreachable(session.serverUrl(), e, false);
                } finally {
                    reading = false;
                }
                if (read < 0) {
                    break;
                }
                out.write(buffer, 0, read);
                digest.update(buffer, 0, read);
                have += read;
                progress.advanced(have);
            }
        } catch (IOException e) {
            throw new LocalFileProblem("cannot write " + part + ": " + e.getMessage(), false);
        }
        if (have < file.size()) {
            throw new ServerUnreachable(
                    false,
                    "the download from " + Http.origin(session.serverUrl()) + " stopped after " + have + " of "
                            + file.size() + " bytes",
                    null);
        }
    }

    private void checkEtag(HttpResponse<InputStream> response) {
        response.headers().firstValue("ETag").ifPresent(etag -> {
            String value = etag.startsWith("W/") ? etag.substring(2) : etag;
            value = value.replace("\"", "").toLowerCase(Locale.ROOT);
            if (expected != null && !value.isEmpty() && !value.equals(expected)) {
                closeQuietly(response.body());
                throw new ChecksumMismatch("the server sent " + file.name() + " with ETag " + value
                        + " but its metadata says SHA-256 " + expected);
            }
        });
    }

    private static boolean rangeStartsAt(HttpResponse<?> response, long start) {
        return response.headers()
                .firstValue("Content-Range")
                .map(CONTENT_RANGE::matcher)
                .filter(Matcher::matches)
                .map(matcher -> Long.parseLong(matcher.group(1)) == start)
                .orElse(false);
    }

    private void moveIntoPlace() {
        try {
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new LocalFileProblem("cannot move " + part + " to " + target + ": " + e.getMessage(), false);
        }
    }

    private void deletePart() {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            // the check failed either way; a later run starts over when the part does not verify
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing more to read from it
        }
    }
}
