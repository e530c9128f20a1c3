package dev.filesys.file.sessions;

import java.util.UUID;
import org.springframework.http.HttpStatus;
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
@RestController
@RequestMapping("/api/v1/sessions")
class SessionController {

    private final SessionService sessions;

    SessionController(SessionService sessions) {
        this.sessions = sessions;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    HandshakeResponse begin(@RequestBody CreateSessionRequest request) {
        SessionService.HandshakeStarted started = sessions.begin(request.authCode(), request.resumeToken());
        return new HandshakeResponse(
                started.sessionId(), started.serverNonce(), started.expiresIn().toSeconds());
    }

    @PostMapping("/{sessionId}/ack")
    AckResponse acknowledge(@PathVariable UUID sessionId, @RequestBody AckRequest request) {
        SessionService.HandshakeCompleted completed = sessions.acknowledge(sessionId, request.serverNonce());
        return new AckResponse(completed.sessionToken(), completed.idleTimeout().toSeconds(), completed.resumed());
    }

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
