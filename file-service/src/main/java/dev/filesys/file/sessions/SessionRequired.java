package dev.filesys.file.sessions;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A request needed a session and named none, or a token no session has. */
public class SessionRequired extends ApiException {

    public SessionRequired() {
        super(
                ApiError.SESSION_REQUIRED,
                "This request needs a session: send Authorization: Bearer <sessionToken> from a completed handshake.");
        getHeaders().set("WWW-Authenticate", "Bearer realm=\"filesys\"");
    }
}
