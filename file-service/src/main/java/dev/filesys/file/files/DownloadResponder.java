package dev.filesys.file.files;

import dev.filesys.file.blobs.BlobNotStored;
import dev.filesys.file.blobs.Blobs;
import dev.filesys.file.blobs.IntegrityViolation;
import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Streams a file's content with HTTP's conditional and range semantics: {@code ETag} is the quoted SHA-256;
 * {@code If-None-Match} answers 304; {@code Range} with one range answers 206 (several: the whole body, 200);
 * {@code If-Range} with the current ETag honours the Range, anything else (another ETag, a date) gets the whole body.
 * The blob is opened before any header is sent, so a missing blob (or a range whose first chunk is damaged) is a clean
 * problem response; once open, the file's deletion does not stop the transfer. Every body is checked before its bytes
 * are sent. A large one (1 MiB to 1 GiB, when the server can send a file region itself) is checked whole before the
 * headers and then sent by the server from the blob's file; a small whole one (up to 64 KiB) is checked whole before
 * the headers too, by {@link Blobs#openWhole}, which keeps its checked bytes in memory; any other, and any large one
 * that fails its check, streams and is checked as it goes, whole or range: damage found after the headers went out
 * aborts the body.
 */
@Component
public class DownloadResponder {

    private static final Logger log = LoggerFactory.getLogger(DownloadResponder.class);
    private static final int BUFFER_SIZE = 128 * 1024;

    /*
     * Bodies from 1 MiB to 1 GiB are checked whole before the headers go out and then sent by the server from the page
     * cache to the socket (sendfile), without passing through the JVM: for a 1 GiB file, check included, that is about
     * 2.5 times the rate of copying it through the servlet stream (bench/run.sh --only large). Smaller bodies gain
     * nothing from it; larger ones would wait for the whole check before their first byte (and read the blob twice
     * when it does not stay in the page cache), so they stream, checked as they go.
     */
    private static final long SENDFILE_MIN_BYTES = 1024 * 1024;
    private static final long SENDFILE_MAX_BYTES = 1024L * 1024 * 1024;
    private static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";
    private static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";
    private static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    private static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";

    private final Blobs blobs;
    private final Counter downloadedBytes;

    DownloadResponder(Blobs blobs, MeterRegistry meters) {
        this.blobs = blobs;
        this.downloadedBytes = Counter.builder("filesys.files.downloaded.bytes")
                .description("Bytes of file content sent")
                .baseUnit("bytes")
                .register(meters);
    }

    /**
     * Stored content as a download sends it (a file's current content, or one of its versions).
     *
     * @param name the name Content-Disposition gives
     */
    public record Content(
            String name, String sha256, long size, long crc32c, boolean quarantined, String contentType) {}

    void send(FileRecord file, HttpServletRequest request, HttpServletResponse response) throws IOException {
        send(file, request, response, bytes -> {});
    }

    /**
     * As {@link #send(FileRecord, HttpServletRequest, HttpServletResponse)}, telling {@code beforeBody} how many bytes
     * of content are about to be sent, after the blob is open and before any header is: it may still refuse (throw),
     * and the answer is then its problem. It is not told of a {@code HEAD} or a {@code 304}, which send no content.
     */
    void send(FileRecord file, HttpServletRequest request, HttpServletResponse response, LongConsumer beforeBody)
            throws IOException {
        send(
                new Content(
                        file.name(), file.sha256(), file.size(), file.crc32c(), file.quarantined(), file.contentType()),
                request,
                response,
                beforeBody);
    }

    /** Streams {@code file} with the conditional and range semantics above. */
    public void send(Content file, HttpServletRequest request, HttpServletResponse response) throws IOException {
        send(file, request, response, bytes -> {});
    }

    private void send(Content file, HttpServletRequest request, HttpServletResponse response, LongConsumer beforeBody)
            throws IOException {
        if (file.quarantined()) {
            throw corrupted();
        }
        String etag = "\"" + file.sha256() + "\"";
        if (noneMatch(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            response.setHeader(HttpHeaders.ETAG, etag);
            response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache");
            return;
        }
        ByteRange range = ifRangeHolds(request.getHeader(HttpHeaders.IF_RANGE), etag)
                ? ByteRange.parse(request.getHeader(HttpHeaders.RANGE), file.size())
                : new ByteRange.Whole();
        if (range instanceof ByteRange.Unsatisfiable unsatisfiable) {
            throw ApiError.RANGE_NOT_SATISFIABLE
                    .exception("The requested range starts beyond the end of the file (" + unsatisfiable.size()
                            + " bytes).")
                    .withHeader(HttpHeaders.CONTENT_RANGE, unsatisfiable.contentRange());
        }
        long first = range instanceof ByteRange.Part part ? part.first() : 0;
        long length = range instanceof ByteRange.Part part ? part.length() : file.size();
        boolean head = "HEAD".equals(request.getMethod());
        if (!head && sendfileFits(request, length)) {
            Path checked = blobs.checkedFile(file.sha256(), file.size(), file.crc32c(), first, length);
            if (checked != null) {
                beforeBody.accept(length);
                setHeaders(file, range, etag, response);
                // Tomcat sends the checked range itself once this returns, from the kernel's page cache to the socket
                request.setAttribute(SENDFILE_FILENAME, checked.toAbsolutePath().toString());
                request.setAttribute(SENDFILE_START, first);
                request.setAttribute(SENDFILE_END, first + length);
                // counted when handed over: a client that leaves early is not subtracted
                downloadedBytes.increment(length);
                return;
            }
        }
        try (InputStream body = open(file, range)) {
            if (!head) {
                beforeBody.accept(length);
            }
            setHeaders(file, range, etag, response);
            if (!head) {
                copy(body, response.getOutputStream(), length);
            }
        }
    }

    private static void setHeaders(Content file, ByteRange range, String etag, HttpServletResponse response) {
        response.setHeader(HttpHeaders.ETAG, etag);
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDispositions.attachment(file.name()));
        response.setContentType(file.contentType());
        if (range instanceof ByteRange.Part part) {
            response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            response.setHeader(HttpHeaders.CONTENT_RANGE, part.contentRange());
            response.setContentLengthLong(part.length());
        } else {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentLengthLong(file.size());
        }
    }

    /** Whether the server can send a file region itself (Tomcat without TLS) and the body's size calls for it. */
    private static boolean sendfileFits(HttpServletRequest request, long length) {
        return length >= SENDFILE_MIN_BYTES
                && length <= SENDFILE_MAX_BYTES
                && Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORT));
    }

    private InputStream open(Content file, ByteRange range) throws IOException {
        try {
            return range instanceof ByteRange.Part part
                    ? blobs.openRange(file.sha256(), part.first(), part.length())
                    : blobs.openWhole(file.sha256(), file.size(), file.crc32c());
        } catch (BlobNotStored e) {
            log.error("blob {} of file {} is not in the blob store", file.sha256(), file.name());
            throw ApiError.BLOB_MISSING.exception("The file's stored bytes are missing; upload it again.");
        } catch (IntegrityViolation e) {
            // a range's first chunk is checked before anything is sent: the blob is quarantined, nothing was sent
            throw corrupted();
        }
    }

    /** Copies through one buffer, no larger than the body (plus the byte that shows a whole blob did not grow). */
    private void copy(InputStream body, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[(int) Math.min(BUFFER_SIZE, length + 1)];
        int n;
        try {
            while ((n = body.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                downloadedBytes.increment(n);
            }
        } catch (IntegrityViolation e) {
            // the status and part of the body are already sent: the only honest signal left is an incomplete body
            throw new DownloadAborted(e);
        }
    }

    static ApiException corrupted() {
        return ApiError.BLOB_CORRUPTED.exception(
                "The file's stored bytes are damaged and were taken out of service; upload it again.");
    }

    /** RFC 9110 §13.1.2: weak comparison; {@code *} matches any current representation. */
    static boolean noneMatch(String header, String etag) {
        return header != null
                && Arrays.stream(header.split(","))
                        .map(String::strip)
                        .anyMatch(
                                tag -> tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag));
    }

    /** RFC 9110 §13.1.5: the Range applies when there is no If-Range or it is the current strong ETag. */
    static boolean ifRangeHolds(String header, String etag) {
        return header == null || header.strip().equals(etag);
    }
}
