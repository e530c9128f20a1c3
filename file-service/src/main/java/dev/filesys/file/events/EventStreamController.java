package dev.filesys.file.events;

import dev.filesys.file.sessions.CurrentSession;
import dev.filesys.file.sessions.CurrentUser;
import dev.filesys.file.sessions.NotLoggedIn;
import dev.filesys.support.ApiError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/events}: the session's user's events as Server-Sent Events, until the session ends, the client
 * goes away or falls too far behind, or the instance shuts down.
 *
 * <p>The stream is written on the request's own (virtual) thread, which waits on the stream's queue between events:
 * no platform thread and no database connection is held by an open stream.
 */
@Tag(name = "Events", description = "Changes to your files, as server-sent events")
@RestController
class EventStreamController {

    private static final Logger log = LoggerFactory.getLogger(EventStreamController.class);
    private static final Pattern EVENT_ID = Pattern.compile("[0-9]{1,18}");

    private final EventStreams streams;

    EventStreamController(EventStreams streams) {
        this.streams = streams;
    }

    @Operation(
            operationId = "streamEvents",
            summary = "Stream your events (Server-Sent Events)",
            description = "text/event-stream of the events that concern the session's user: file_shared, file_unshared,"
                    + " file_deleted (a file shared with you), session_closed (your sessions). Each event has 'id:'"
                    + " (send it back as Last-Event-ID to resume), 'event:' (the type) and 'data:' (one line of JSON)."
                    + " Keep-alive comments come when nothing happens. 'event: resync' means events were missed (re-read"
                    + " your files); 'event: end' precedes the end of a stream the server closes. See docs/events.md.",
            security = @SecurityRequirement(name = "sessionToken"))
    @Parameter(
            name = "Last-Event-ID",
            in = ParameterIn.HEADER,
            description = "Resume after this event id (what the last 'id:' said)",
            schema = @Schema(type = "integer", format = "int64"))
    @ApiResponse(responseCode = "200", description = "The stream", content = @Content(mediaType = "text/event-stream"))
    @ApiResponse(responseCode = "400", description = "INVALID_LAST_EVENT_ID")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(
            responseCode = "429",
            description = "TOO_MANY_STREAMS: the session (4) or the user (16) has as many streams open here as allowed")
    @ApiResponse(
            responseCode = "503",
            description = "SERVER_DRAINING: the server is shutting down; ask the balancer for another")
    @GetMapping("/api/v1/events")
    void events(
            CurrentSession session,
            @Parameter(hidden = true) @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            HttpServletResponse response)
            throws IOException {
        CurrentUser user = session.user().orElseThrow(NotLoggedIn::new);
        Long resumeAfter = parse(lastEventId);
        EventStream stream = streams.open(user.userId(), session.sessionId());
        try {
            EventStreams.Start start = streams.start(stream, user.userId(), resumeAfter);
            response.setContentType("text/event-stream;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            // reverse proxies such as nginx would otherwise hold events back in their buffers
            response.setHeader("X-Accel-Buffering", "no");
            OutputStream out = response.getOutputStream();
            out.write(SseFrames.opening(streams.retry()));
            long lastSent = start.resumeId();
            if (start.missed()) {
                out.write(SseFrames.resync(start.resumeId()));
            }
            for (Event event : start.replayed()) {
                out.write(SseFrames.event(event));
                streams.delivered(event);
            }
            out.flush();
            Duration keepAlive = streams.keepAlive();
            while (true) {
                EventStream.Next next = stream.next(keepAlive);
                switch (next) {
                    case EventStream.Deliver(Event event) -> {
                        // an event committed before the stream started (or replayed) may still arrive live
                        if (event.id() > lastSent) {
                            out.write(SseFrames.event(event));
                            lastSent = event.id();
                            streams.delivered(event);
                        }
                    }
                    case EventStream.KeepAlive keepAliveNow -> out.write(SseFrames.keepAlive());
                    case EventStream.Ended(EventStream.End reason) -> {
                        if (reason != EventStream.End.TOO_SLOW) {
                            out.write(SseFrames.end(reason));
                            out.flush();
                        }
                        return;
                    }
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client went away (or the write timed out); nothing to answer
            log.debug("event stream ended by the connection: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.close(stream);
        }
    }

    private static @Nullable Long parse(@Nullable String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        String id = lastEventId.strip();
        if (!EVENT_ID.matcher(id).matches()) {
            throw ApiError.INVALID_LAST_EVENT_ID.exception(
                    "Last-Event-ID must be the id of an event this service sent (a non-negative integer).");
        }
        return Long.parseLong(id);
    }
}
