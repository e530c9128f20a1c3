package dev.filesys.file.sessions;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/**
 * A handshake presented an auth code that does not verify: missing, malformed, tampered, expired or for another
 * server. The client learns only that; the reason goes to the log.
 */
class AuthCodeRejected extends ApiException {

    AuthCodeRejected() {
        super(
                ApiError.INVALID_AUTH_CODE,
                "The auth code is not valid for this server; ask the balancer for a new one.");
    }
}
