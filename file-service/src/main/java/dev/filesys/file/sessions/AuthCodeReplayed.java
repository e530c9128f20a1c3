package dev.filesys.file.sessions;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A handshake presented an auth code whose {@code jti} was used before. */
class AuthCodeReplayed extends ApiException {

    AuthCodeReplayed() {
        super(ApiError.AUTH_CODE_REPLAYED, "This auth code has been used already; ask the balancer for a new one.");
    }
}
