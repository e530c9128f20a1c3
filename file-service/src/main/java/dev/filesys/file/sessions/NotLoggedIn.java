package dev.filesys.file.sessions;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** A request needed a user and its session is not logged in. */
public class NotLoggedIn extends ApiException {

    public NotLoggedIn() {
        super(HttpStatus.UNAUTHORIZED, "NOT_LOGGED_IN", "Log in or register first: this session has no user.");
        getHeaders().set("WWW-Authenticate", "Bearer realm=\"filesys\"");
    }
}
