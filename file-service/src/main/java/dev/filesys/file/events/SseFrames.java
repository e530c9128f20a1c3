package dev.filesys.file.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The text of an event stream (the WHATWG Server-Sent Events format), UTF-8. Every frame ends with a blank line; every
 * {@code data:} is one line of JSON.
 *
 * <p>Not Spring's {@code SseEmitter}: its frames read {@code id:42} where this stream has always sent {@code id: 42}
 * (both valid, but clients and docs/events.md hold this one), and it writes from other threads after the handler has
 * returned, while a stream here is written by its request's own thread, which holds the stream's place among the caps
 * per session and per user until the stream ends.
 */
final class SseFrames {

    private SseFrames() {}

    /** The first frame: a comment (so the client sees the stream is up) and the suggested reconnection delay. */
    static byte[] opening(Duration retry) {
        return bytes(": filesys events\nretry: " + retry.toMillis() + "\n\n");
    }

    static byte[] event(Event event) {
        return bytes("id: " + event.id() + "\nevent: " + event.type().wireName() + "\ndata: " + event.json() + "\n\n");
    }

    static byte[] keepAlive() {
        return bytes(": keep-alive\n\n");
    }

    /**
     * Events the client should have had are gone: it must re-read its state (list its files) rather than trust the
     * stream to fill the gap. The {@code id} moves its {@code Last-Event-ID} past the gap.
     */
    static byte[] resync(long resumeId) {
        return bytes(
                "id: " + resumeId + "\nevent: resync\ndata: {\"type\":\"resync\",\"reason\":\"events_missed\"}\n\n");
    }

    /** The last frame of a stream the server ends on purpose. */
    static byte[] end(EventStream.End reason) {
        return bytes("event: end\ndata: {\"type\":\"end\",\"reason\":\"" + reason.wireName() + "\"}\n\n");
    }

    private static byte[] bytes(String frame) {
        return frame.getBytes(StandardCharsets.UTF_8);
    }
}
