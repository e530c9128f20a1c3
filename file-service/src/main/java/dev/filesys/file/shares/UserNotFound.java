package dev.filesys.file.shares;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** No user has the name a share names. */
class UserNotFound extends ApiException {

    UserNotFound() {
        super(HttpStatus.NOT_FOUND, "USER_NOT_FOUND", "No user has that name.");
    }
}
