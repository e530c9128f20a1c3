package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TransferClient;
import dev.filesys.file.testsupport.TransferClient.Download;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The plain download's fast path answers exactly as the controller does, and leaves everything else to it: the same
 * file fetched both ways gives the same status, headers, body and request log line; a range, a conditional request, a
 * closed session, an unknown file are the controller's.
 */
@FileServiceTest
// sessions and files stay in memory for the whole test, however slow the machine: which path answers is deterministic
@TestPropertySource(properties = {"filesys.sweeper.enabled=false", "filesys.sessions.max-staleness=5m"})
class ContentFastPathTest extends AliceOnTheService {

    @Autowired
    MeterRegistry meters;

    private final Logger requests = (Logger) LoggerFactory.getLogger("dev.filesys.requests");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private String fileId;
    private byte[] content;

    @BeforeEach
    void uploadAFile() {
        content = new byte[4096];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        fileId = transfers
                .upload(alice.token(), "report 2026 \"final\".pdf", content, "Content-Type", "application/pdf")
                .expect(201)
                .text("fileId");
        lines.start();
        requests.addAppender(lines);
    }

    @AfterEach
    void stopCapturing() {
        requests.detachAppender(lines);
    }

    @Test
    void theFastPathAnswersAsTheControllerDoes() {
        fastly(() -> transfers.download(alice.token(), fileId));
        Download fast = throughTheFastPath(() -> transfers.download(alice.token(), fileId, "X-Request-Id", "fast-1"));
        // If-Modified-Since is not a header the download heeds, so the controller's answer is the same 200
        Download controller = throughTheController(() -> transfers.download(
                alice.token(), fileId, "X-Request-Id", "slow-1", "If-Modified-Since", "Thu, 01 Jan 2026 00:00:00 GMT"));

        assertThat(fast.status()).isEqualTo(200);
        assertThat(fast.body()).isEqualTo(content);
        assertThat(controller.status()).isEqualTo(fast.status());
        assertThat(controller.body()).isEqualTo(fast.body());
        assertThat(fast.header("ETag")).isEqualTo("\"" + TransferClient.sha256Hex(content) + "\"");
        assertThat(fast.header("X-Request-Id")).isEqualTo("fast-1");
        assertThat(controller.header("X-Request-Id")).isEqualTo("slow-1");
        assertThat(headersButDateAndId(fast)).isEqualTo(headersButDateAndId(controller));
        Map<String, Object> fastLine = fieldsButDurationAndId(lineOf("fast-1"));
        assertThat(fastLine).isEqualTo(fieldsButDurationAndId(lineOf("slow-1")));
        assertThat(fastLine)
                .containsEntry("http.route", "/api/v1/files/{fileId}/content")
                .containsEntry("http.status", 200)
                .containsKey("user.id");
    }

    @Test
    void rangesAndConditionalRequestsAreTheControllers() {
        fastly(() -> transfers.download(alice.token(), fileId));
        String etag = "\"" + TransferClient.sha256Hex(content) + "\"";

        Download range = throughTheController(() -> transfers.download(alice.token(), fileId, "Range", "bytes=0-9"));
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.header("Content-Range")).isEqualTo("bytes 0-9/4096");

        Download notModified =
                throughTheController(() -> transfers.download(alice.token(), fileId, "If-None-Match", etag));
        assertThat(notModified.status()).isEqualTo(304);

        Download rangeIf = throughTheController(
                () -> transfers.download(alice.token(), fileId, "Range", "bytes=0-9", "If-Range", etag));
        assertThat(rangeIf.status()).isEqualTo(206);
    }

    @Test
    void aClosedSessionAndAnUnknownFileAreTheControllersRefusals() {
        fastly(() -> transfers.download(alice.token(), fileId));

        Download unknown =
                throughTheController(() -> transfers.download(alice.token(), "00000000-0000-4000-8000-000000000000"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(new String(unknown.body())).contains("FILE_NOT_FOUND");
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");

        Download notAnId = throughTheController(() -> transfers.download(alice.token(), "not-an-id"));
        assertThat(notAnId.status()).isEqualTo(404);

        Download noToken = throughTheController(() -> transfers.download(null, fileId));
        assertThat(noToken.status()).isEqualTo(401);

        api.delete("/api/v1/sessions/current", alice.token()).expect(204);
        Download loggedOut = throughTheController(() -> transfers.download(alice.token(), fileId));
        assertThat(loggedOut.status()).isEqualTo(401);
        assertThat(loggedOut.header("Content-Type")).startsWith("application/problem+json");
    }

    /** The download, once the fast path answers it (the first ones fill the caches through the controller). */
    private Download fastly(Supplier<Download> download) {
        Download[] answered = new Download[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            double before = servedFast();
            answered[0] = download.get();
            return servedFast() == before + 1;
        });
        return answered[0];
    }

    private Download throughTheController(Supplier<Download> download) {
        double before = servedFast();
        Download answered = download.get();
        assertThat(servedFast()).as("answered by the fast path").isEqualTo(before);
        return answered;
    }

    private double servedFast() {
        return meters.get("filesys.files.downloads.fast").counter().count();
    }

    private Download throughTheFastPath(Supplier<Download> download) {
        double before = servedFast();
        Download answered = download.get();
        assertThat(servedFast()).as("answered by the fast path").isEqualTo(before + 1);
        return answered;
    }

    /** The request line of the request with this id (the filter logs it once the answer is out). */
    private ILoggingEvent lineOf(String requestId) {
        ILoggingEvent[] found = new ILoggingEvent[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            // the appender adds under its own lock
            synchronized (lines) {
                for (ILoggingEvent line : lines.list) {
                    if (requestId.equals(fields(line).get("request.id"))) {
                        found[0] = line;
                        return true;
                    }
                }
            }
            return false;
        });
        return found[0];
    }

    private static Map<String, List<String>> headersButDateAndId(Download download) {
        Map<String, List<String>> headers = new TreeMap<>(download.headers().map());
        headers.remove("date");
        headers.remove("x-request-id");
        return headers;
    }

    private static Map<String, Object> fields(ILoggingEvent line) {
        Map<String, Object> fields = new TreeMap<>();
        if (line.getKeyValuePairs() != null) {
            for (KeyValuePair pair : line.getKeyValuePairs()) {
                fields.put(pair.key, pair.value);
            }
        }
        return fields;
    }

    private static Map<String, Object> fieldsButDurationAndId(ILoggingEvent line) {
        Map<String, Object> fields = fields(line);
        fields.remove("duration.ms");
        fields.remove("request.id");
        return fields;
    }
}
