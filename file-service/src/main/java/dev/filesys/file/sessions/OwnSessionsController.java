package dev.filesys.file.sessions;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import dev.filesys.support.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's own sessions: {@code GET /api/v1/me/sessions} lists them, {@code DELETE /api/v1/me/sessions/{id}} ends one,
 * {@code DELETE /api/v1/me/sessions} ends all but the caller's ("log out other devices").
 */
@Tag(name = "Accounts", description = "Registering, logging in and out, and who you are")
@RestController
@RequestMapping("/api/v1/me/sessions")
class OwnSessionsController {

    private final SessionService sessions;

    OwnSessionsController(SessionService sessions) {
        this.sessions = sessions;
    }

    @Operation(
            operationId = "listOwnSessions",
            summary = "Your open sessions",
            description = "Every open session logged in as you, on any server, oldest first; current marks the one"
                    + " this request came on.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The sessions")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "403", description = "PASSWORD_CHANGE_REQUIRED")
    @GetMapping
    SessionList list(CurrentSession session, CurrentUser user) {
        return new SessionList(sessions.openSessionsOf(user.userId()).stream()
                .map(s -> new OwnSessionView(
                        s.sessionId(),
                        s.sessionId().equals(session.sessionId()),
                        s.serverId(),
                        s.startedAt(),
                        s.lastUsedAt()))
                .toList());
    }

    @Operation(
            operationId = "endOwnSession",
            summary = "End one of your sessions",
            description = "Its token answers SESSION_EXPIRED from its next request on, on every server; its event"
                    + " streams end with a session_closed event (reason revoked).",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "204", description = "Ended")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "403", description = "PASSWORD_CHANGE_REQUIRED")
    @ApiResponse(responseCode = "404", description = "SESSION_NOT_FOUND: no open session of yours has that id")
    @DeleteMapping("/{sessionId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void end(CurrentUser user, @PathVariable String sessionId) {
        if (!sessions.closeOwn(user.userId(), PathIds.parse(sessionId, OwnSessionsController::notFound))) {
            throw notFound();
        }
    }

    @Operation(
            operationId = "endOtherSessions",
            summary = "Log out other devices",
            description = "Ends every open session of yours but the one this request came on.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "How many sessions ended")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "403", description = "PASSWORD_CHANGE_REQUIRED")
    @DeleteMapping
    Ended endOthers(CurrentSession session, CurrentUser user) {
        return new Ended(sessions.closeAllOf(user.userId(), session.sessionId()));
    }

    private static ApiException notFound() {
        return ApiError.SESSION_NOT_FOUND.exception("You have no open session with that id.");
    }

    /** @param items the sessions, oldest first */
    record SessionList(List<OwnSessionView> items) {}

    /**
     * One of your sessions.
     *
     * @param current whether it is the one the request came on
     * @param serverId the file-service that did its handshake (or adopted it after a fail-over)
     * @param startedAt when it began
     * @param lastUsedAt its last request
     */
    record OwnSessionView(UUID sessionId, boolean current, String serverId, Instant startedAt, Instant lastUsedAt) {}

    /** @param ended how many sessions ended */
    record Ended(int ended) {}
}
