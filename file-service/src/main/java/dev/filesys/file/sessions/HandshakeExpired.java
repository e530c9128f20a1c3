package dev.filesys.file.sessions;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import java.time.Duration;

/** An ack named no handshake that is still waiting: it was not acknowledged in time, or never existed. */
class HandshakeExpired extends ApiException {

    HandshakeExpired(Duration window) {
        super(
                ApiError.HANDSHAKE_EXPIRED,
                "No handshake is waiting under this session id: it must be acknowledged within " + window.toSeconds()
                        + " seconds. Ask the balancer for a new auth code and start over.");
    }
}
