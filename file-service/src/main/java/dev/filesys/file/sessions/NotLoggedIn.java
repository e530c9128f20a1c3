package dev.filesys.file.sessions;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A request needed a user and its session is not logged in. */
public class NotLoggedIn extends ApiException {

    public NotLoggedIn() {
        super(ApiError.NOT_LOGGED_IN, "Log in or register first: this session has no user.");
        getHeaders().set("WWW-Authenticate", "Bearer realm=\"filesys\"");
    }
}
