package dev.filesys.file.accounts;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** A registration asked for a name that exists already (names compare case-insensitively). */
class UsernameTaken extends ApiException {

    UsernameTaken(String username) {
        super(HttpStatus.CONFLICT, "USERNAME_TAKEN", "The username '" + username + "' is taken; choose another.");
    }
}
