package dev.filesys.file.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact text of an event stream, as documented in docs/events.md. */
class SseFramesTest {

    @Test
    void framesAreTheDocumentedText() {
        Event event = new Event(
                42,
                EventType.FILE_SHARED,
                Instant.EPOCH,
                List.of(),
                null,
                "{\"id\":42,\"type\":\"file_shared\",\"fileName\":\"caf\u00e9.txt\"}");

        assertThat(text(SseFrames.opening(Duration.ofSeconds(3)))).isEqualTo(": filesys events\nretry: 3000\n\n");
        assertThat(text(SseFrames.event(event)))
                .isEqualTo("id: 42\nevent: file_shared\ndata: {\"id\":42,\"type\":\"file_shared\","
                        + "\"fileName\":\"caf\u00e9.txt\"}\n\n");
        assertThat(SseFrames.event(event)).contains((byte) 0xc3, (byte) 0xa9);
        assertThat(text(SseFrames.keepAlive())).isEqualTo(": keep-alive\n\n");
        assertThat(text(SseFrames.resync(57)))
                .isEqualTo("id: 57\nevent: resync\ndata: {\"type\":\"resync\",\"reason\":\"events_missed\"}\n\n");
        assertThat(text(SseFrames.end(EventStream.End.SESSION_ENDED)))
                .isEqualTo("event: end\ndata: {\"type\":\"end\",\"reason\":\"session_ended\"}\n\n");
        assertThat(text(SseFrames.end(EventStream.End.SERVER_SHUTDOWN))).contains("\"reason\":\"server_shutdown\"");
    }

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }
}
