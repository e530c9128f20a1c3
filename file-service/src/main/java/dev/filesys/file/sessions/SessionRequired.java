package dev.filesys.file.sessions;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A request needed a session and named none, or a token no session has. */
public class SessionRequired extends ApiException {

    public SessionRequired() {
        this("This request needs a session: send Authorization: Bearer <sessionToken> from a completed handshake.");
    }

    /** With a detail that says why the session is gone (e.g. its user was deleted while the request ran). */
    public SessionRequired(String detail) {
        super(ApiError.SESSION_REQUIRED, detail);
        getHeaders().set("WWW-Authenticate", "Bearer realm=\"filesys\"");
    }
}
