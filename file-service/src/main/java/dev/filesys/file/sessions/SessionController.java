package dev.filesys.file.sessions;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.support.TokenBuckets;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The handshake: {@code POST /api/v1/sessions} with an auth code, {@code POST /api/v1/sessions/{id}/ack} with the
 * server nonce, and {@code DELETE /api/v1/sessions/current} to end the session.
 */
@Tag(name = "Sessions", description = "The handshake that opens a session, and closing it")
@RestController
@RequestMapping("/api/v1/sessions")
class SessionController {

    private final SessionService sessions;
    private final TokenBuckets handshakesPerAddress;

    SessionController(SessionService sessions, FileServiceProperties properties) {
        this.sessions = sessions;
        FileServiceProperties.Limits limits = properties.limits();
        this.handshakesPerAddress = new TokenBuckets(limits.handshakes().rate(), limits.trackedAddresses());
    }

    @Operation(
            operationId = "beginSession",
            summary = "Start a handshake with an auth code",
            description = "Step 1: the code from the balancer (single use, for this server only) opens a HALF_OPEN"
                    + " session; acknowledge it within expiresIn seconds. With resumeToken (the previous session's"
                    + " token, e.g. after a fail-over), the ack adopts that session and its login. A session nobody"
                    + " logs in to within two minutes (filesys.sessions.anonymous-timeout) is closed.")
    @ApiResponse(responseCode = "201", description = "The half-open session and the nonce the ack must show")
    @ApiResponse(responseCode = "400", description = "MALFORMED_REQUEST: no JSON body")
    @ApiResponse(
            responseCode = "401",
            description =
                    "INVALID_AUTH_CODE (missing, malformed, tampered, expired or for another server), AUTH_CODE_REPLAYED")
    @ApiResponse(
            responseCode = "429",
            description = "RATE_LIMITED: too many handshakes from your address; retry after Retry-After seconds",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")))
    @ApiResponse(
            responseCode = "503",
            description =
                    "SERVER_DRAINING, SERVER_AT_CAPACITY, SERVER_UNAVAILABLE: ask the balancer for another server",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")))
    @PostMapping
    ResponseEntity<HandshakeResponse> begin(@RequestBody CreateSessionRequest request, HttpServletRequest http) {
        handshakesPerAddress.take(TokenBuckets.addressKey(http.getRemoteAddr()), "handshakes");
        SessionService.HandshakeStarted started = sessions.begin(request.authCode(), request.resumeToken());
        // the nonce and (below) the token are credentials: no cache may keep them
        return ResponseEntity.status(HttpStatus.CREATED)
                .cacheControl(CacheControl.noStore())
                .body(new HandshakeResponse(
                        started.sessionId(),
                        started.serverNonce(),
                        started.expiresIn().toSeconds()));
    }

    @Operation(
            operationId = "acknowledgeSession",
            summary = "Acknowledge the handshake",
            description = "Step 2: show the server nonce; the session is OPEN and the answer carries its token."
                    + " A wrong nonce or a late ack voids the handshake.")
    @ApiResponse(responseCode = "200", description = "The session token for every later request")
    @ApiResponse(responseCode = "400", description = "BAD_REQUEST (session id is not a UUID), MALFORMED_REQUEST")
    @ApiResponse(
            responseCode = "401",
            description = "INVALID_NONCE, HANDSHAKE_EXPIRED (not acknowledged in time, or no such handshake)")
    @PostMapping("/{sessionId}/ack")
    ResponseEntity<AckResponse> acknowledge(@PathVariable UUID sessionId, @RequestBody AckRequest request) {
        SessionService.HandshakeCompleted completed = sessions.acknowledge(sessionId, request.serverNonce());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new AckResponse(
                        completed.sessionToken(), completed.idleTimeout().toSeconds(), completed.resumed()));
    }

    @Operation(
            operationId = "closeSession",
            summary = "Close the session",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(
            responseCode = "204",
            description =
                    "Closed; its token answers SESSION_EXPIRED from now on (on the service's other instances, within a second)")
    @ApiResponse(responseCode = "401", description = CurrentSession.REFUSALS)
    @DeleteMapping("/current")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void close(CurrentSession session) {
        sessions.close(session.sessionId());
    }

    /**
     * @param authCode the code the balancer handed out for this server
     * @param resumeToken optional: the session token of the client's previous session, to keep it (and its login)
     */
    record CreateSessionRequest(String authCode, String resumeToken) {}

    /**
     * @param sessionId the half-open session, to name in the ack
     * @param serverNonce the secret the ack must show
     * @param expiresIn seconds left to send the ack
     */
    record HandshakeResponse(UUID sessionId, String serverNonce, long expiresIn) {}

    /** @param serverNonce the nonce from the first answer */
    record AckRequest(String serverNonce) {}

    /**
     * @param sessionToken the bearer token for every later request
     * @param idleTimeoutSeconds how long the session lives without a request
     * @param resumed whether the previous session named by {@code resumeToken} (and its login) was taken over
     */
    record AckResponse(String sessionToken, long idleTimeoutSeconds, boolean resumed) {}
}
