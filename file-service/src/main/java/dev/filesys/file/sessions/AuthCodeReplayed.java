package dev.filesys.file.sessions;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** A handshake presented an auth code whose {@code jti} was used before. */
class AuthCodeReplayed extends ApiException {

    AuthCodeReplayed() {
        super(
                HttpStatus.UNAUTHORIZED,
                "AUTH_CODE_REPLAYED",
                "This auth code has been used already; ask the balancer for a new one.");
    }
}
