package dev.filesys.file.events;

import static dev.filesys.file.testsupport.ProblemMatchers.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.filesys.file.sessions.CurrentSession;
import dev.filesys.file.sessions.SessionRequired;
import dev.filesys.file.sessions.SessionService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The HTTP contract of the event stream: the frames in order, the headers, and the refusals as problems. */
@WebMvcTest(EventStreamController.class)
class EventStreamControllerContractTest {

    private static final UUID BOB = UUID.fromString("b0b00000-0000-4000-8000-000000000002");
    private static final UUID SESSION = UUID.fromString("5e550000-0000-4000-8000-000000000003");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    EventStreams streams;

    @MockitoBean
    SessionService sessions;

    @BeforeEach
    void sessions() {
        given(sessions.authenticate("bob")).willReturn(new CurrentSession(SESSION, BOB, "bob"));
        given(sessions.authenticate("anonymous")).willReturn(new CurrentSession(UUID.randomUUID(), null, null));
        given(sessions.authenticate(null)).willThrow(new SessionRequired());
        given(streams.keepAlive()).willReturn(Duration.ofSeconds(15));
        given(streams.retry()).willReturn(Duration.ofSeconds(3));
    }

    @Test
    void theStreamWritesReplayedThenLiveEventsOnceEachThenTheEnd() throws Exception {
        EventStream stream = new EventStream(BOB, SESSION, 8);
        given(streams.open(BOB, SESSION)).willReturn(stream);
        given(streams.start(stream, BOB, 40L)).willAnswer(invocation -> {
            stream.offer(event(41));
            stream.offer(event(43));
            stream.endAfterQueued(EventStream.End.SESSION_ENDED);
            return new EventStreams.Start(List.of(event(41)), false, 41);
        });

        MvcResult result = mvc.perform(get("/api/v1/events")
                        .header("Authorization", "Bearer bob")
                        .header("Accept", "text/event-stream")
                        .header("Last-Event-ID", "40"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "text/event-stream;charset=UTF-8"))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(header().string("X-Accel-Buffering", "no"))
                .andReturn();

        assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(": filesys events\nretry: 3000\n\n"
                        + "id: 41\nevent: file_shared\ndata: {\"id\":41}\n\n"
                        + "id: 43\nevent: file_shared\ndata: {\"id\":43}\n\n"
                        + "event: end\ndata: {\"type\":\"end\",\"reason\":\"session_ended\"}\n\n");
        verify(streams).close(stream);
    }

    @Test
    void aResumeThatMissedEventsStartsWithAResync() throws Exception {
        EventStream stream = new EventStream(BOB, SESSION, 8);
        given(streams.open(BOB, SESSION)).willReturn(stream);
        given(streams.start(stream, BOB, 3L)).willAnswer(invocation -> {
            stream.endAfterQueued(EventStream.End.SERVER_SHUTDOWN);
            return new EventStreams.Start(List.of(), true, 90);
        });

        MvcResult result = mvc.perform(get("/api/v1/events")
                        .header("Authorization", "Bearer bob")
                        .header("Last-Event-ID", "3"))
                .andExpect(status().isOk())
                .andReturn();

        assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(": filesys events\nretry: 3000\n\n"
                        + "id: 90\nevent: resync\ndata: {\"type\":\"resync\",\"reason\":\"events_missed\"}\n\n"
                        + "event: end\ndata: {\"type\":\"end\",\"reason\":\"server_shutdown\"}\n\n");
    }

    @Test
    void aDroppedSlowClientGetsNoMoreFrames() throws Exception {
        EventStream stream = new EventStream(BOB, SESSION, 8);
        given(streams.open(BOB, SESSION)).willReturn(stream);
        given(streams.start(stream, BOB, null)).willAnswer(invocation -> {
            stream.offer(event(50));
            stream.endNow(EventStream.End.TOO_SLOW);
            return new EventStreams.Start(List.of(), false, 49);
        });

        MvcResult result = mvc.perform(get("/api/v1/events").header("Authorization", "Bearer bob"))
                .andExpect(status().isOk())
                .andReturn();

        assertThat(result.getResponse().getContentAsString()).isEqualTo(": filesys events\nretry: 3000\n\n");
        verify(streams).close(stream);
    }

    @Test
    void refusalsAreProblemsBeforeAnyStreamOpens() throws Exception {
        mvc.perform(get("/api/v1/events").header("Accept", "text/event-stream"))
                .andExpect(problem(401, "SESSION_REQUIRED", "/api/v1/events"));
        mvc.perform(get("/api/v1/events").header("Authorization", "Bearer anonymous"))
                .andExpect(problem(401, "NOT_LOGGED_IN", "/api/v1/events"));
        mvc.perform(get("/api/v1/events").header("Authorization", "Bearer bob").header("Last-Event-ID", "-1"))
                .andExpect(problem(400, "INVALID_LAST_EVENT_ID", "/api/v1/events"));
        mvc.perform(get("/api/v1/events").header("Authorization", "Bearer bob").header("Last-Event-ID", "abc"))
                .andExpect(problem(400, "INVALID_LAST_EVENT_ID", "/api/v1/events"));
        verify(streams, never()).open(any(), any());

        given(streams.open(BOB, SESSION)).willThrow(new ServerShuttingDown());
        mvc.perform(get("/api/v1/events").header("Authorization", "Bearer bob"))
                .andExpect(problem(503, "SERVER_DRAINING", "/api/v1/events"))
                .andExpect(header().string("Retry-After", "1"));
    }

    private static Event event(long id) {
        return new Event(id, EventType.FILE_SHARED, Instant.EPOCH, List.of(BOB), null, "{\"id\":" + id + "}");
    }
}
