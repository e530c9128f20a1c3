package dev.filesys.file.sessions;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** An ack showed the wrong server nonce; the half-open session is discarded. */
class NonceMismatch extends ApiException {

    NonceMismatch() {
        super(
                ApiError.INVALID_NONCE,
                "The server nonce does not match this handshake, which is now void; start over with a new auth code.");
    }
}
