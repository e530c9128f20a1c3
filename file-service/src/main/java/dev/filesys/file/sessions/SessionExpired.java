package dev.filesys.file.sessions;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A request named a session that was closed or has outlived its idle timeout or lifetime. */
public class SessionExpired extends ApiException {

    public SessionExpired() {
        super(
                ApiError.SESSION_EXPIRED,
                "The session has ended (closed, idle too long, or past its lifetime); ask the balancer for a new auth code and handshake again.");
        getHeaders().set("WWW-Authenticate", "Bearer realm=\"filesys\", error=\"invalid_token\"");
    }
}
