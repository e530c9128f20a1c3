package dev.filesys.cli.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one connection of the server-sent event stream: {@code id:}, {@code event:} and {@code data:} lines up to a
 * blank line make a frame; comments (keep-alives) and other fields are skipped.
 */
final class EventStreamReader {

    /** How one connection of the event stream ended. */
    enum StreamEnd {
        /** The sink wanted no more. */
        STOPPED,
        /** The server ended the session (closed, expired, logged out elsewhere). */
        SESSION_ENDED,
        /** The connection broke, or the server shut down: worth opening again. */
        INTERRUPTED
    }

    private final JsonMapper json;
    private long lastId;

    /** @param afterId the id of the last event already seen, or -1 */
    EventStreamReader(JsonMapper json, long afterId) {
        this.json = json;
        this.lastId = afterId;
    }

    /** The id of the last event handed on (or the one given at the start): where a new connection continues. */
    long lastId() {
        return lastId;
    }

    /** Hands each event of {@code stream} to {@code sink} until it returns false or the stream ends. */
    StreamEnd read(InputStream stream, Predicate<ServerEvent> sink) {
        try (BufferedReader frames = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String id = null;
            String type = null;
            StringBuilder data = new StringBuilder();
            for (String line = frames.readLine(); line != null; line = frames.readLine()) {
                if (!line.isEmpty()) {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> type = value;
                        case "data" -> data.append(value);
                        default -> {} // comments (keep-alives), retry, unknown fields
                    }
                    continue;
                }
                if (type != null) {
                    JsonNode payload = json.readTree(data.isEmpty() ? "{}" : data.toString());
                    if (type.equals("end")) {
                        return "server_shutdown".equals(payload.path("reason").asString())
                                ? StreamEnd.INTERRUPTED
                                : StreamEnd.SESSION_ENDED;
                    }
                    long eventId = id == null ? -1 : Long.parseLong(id);
                    if (eventId >= 0) {
                        lastId = eventId;
                    }
                    if (!sink.test(new ServerEvent(eventId, type, payload))) {
                        return StreamEnd.STOPPED;
                    }
                }
                id = null;
                type = null;
                data.setLength(0);
            }
        } catch (IOException e) {
            return StreamEnd.INTERRUPTED;
        }
        return StreamEnd.INTERRUPTED;
    }
}
