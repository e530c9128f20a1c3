package dev.filesys.file.accounts;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A registration asked for a name that exists already (names compare case-insensitively). */
class UsernameTaken extends ApiException {

    UsernameTaken(String username) {
        super(ApiError.USERNAME_TAKEN, "The username '" + username + "' is taken; choose another.");
    }
}
