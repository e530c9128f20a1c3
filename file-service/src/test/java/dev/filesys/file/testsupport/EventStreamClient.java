package dev.filesys.file.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Server-Sent Events client for {@code GET /api/v1/events}: opens the stream, parses its frames on a virtual thread
 * as they arrive, and keeps them for assertions. {@link #close()} drops the connection as a client that goes away
 * would.
 *
 * <p>All clients share one {@link HttpClient} running on virtual threads, so opening many streams adds no platform
 * threads on the test's side either.
 */
public final class EventStreamClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    private final int status;
    private final String errorBody;
    private final String contentType;
    private final InputStream body;
    private final List<SseEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger keepAlives = new AtomicInteger();
    private volatile boolean opened;
    private volatile boolean finished;

    private EventStreamClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        if (status == 200) {
            this.body = response.body();
            this.errorBody = null;
            Thread.ofVirtual().name("sse-client").start(this::read);
        } else {
            this.body = null;
            try (InputStream in = response.body()) {
                this.errorBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.finished = true;
        }
    }

    /** Opens the stream with the session token; returns once the response headers are in, whatever the status. */
    public static EventStreamClient open(String baseUrl, String token) {
        return open(baseUrl, token, null);
    }

    /** Opens the stream resuming after {@code lastEventId} (sent as {@code Last-Event-ID}; null for none). */
    public static EventStreamClient open(String baseUrl, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/events"))
                .header("Accept", "text/event-stream")
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new EventStreamClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    /** The problem body of a refused stream. */
    public JsonNode problem() {
        return JSON.readTree(errorBody);
    }

    /** Whether the opening comment arrived: the server has registered the stream. */
    public boolean opened() {
        return opened;
    }

    /** Whether the server ended the stream (or the connection ended). */
    public boolean finished() {
        return finished;
    }

    public int keepAlives() {
        return keepAlives.get();
    }

    /** Every frame with data so far, in order. */
    public List<SseEvent> events() {
        return List.copyOf(events);
    }

    /** The frames of one {@code event:} type so far, in order. */
    public List<SseEvent> events(String type) {
        return events.stream().filter(event -> type.equals(event.type())).toList();
    }

    /** Drops the connection, as a client that goes away does. */
    @Override
    public void close() {
        if (body != null) {
            try {
                body.close();
            } catch (IOException e) {
                // the connection is gone either way
            }
        }
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String type = null;
            StringBuilder data = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new SseEvent(id, type == null ? "message" : type, data.toString()));
                    }
                    id = null;
                    type = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    String comment = line.substring(1).strip();
                    if (comment.equals("filesys events")) {
                        opened = true;
                    } else if (comment.equals("keep-alive")) {
                        keepAlives.incrementAndGet();
                    }
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> type = value;
                        case "data" ->
                            data = data == null
                                    ? new StringBuilder(value)
                                    : data.append('\n').append(value);
                        default -> {}
                    }
                }
            }
        } catch (IOException e) {
            // closed by close() or by the server
        } finally {
            finished = true;
        }
    }

    /**
     * One frame with data.
     *
     * @param id its {@code id:} (null when it had none)
     * @param type its {@code event:}
     * @param data its {@code data:}
     */
    public record SseEvent(String id, String type, String data) {

        public JsonNode json() {
            return JSON.readTree(data);
        }

        /** A text field of the JSON data, or null. */
        public String field(String name) {
            JsonNode node = json().get(name);
            return node == null || node.isNull() ? null : node.asString();
        }
    }
}
