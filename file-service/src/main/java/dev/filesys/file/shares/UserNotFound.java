package dev.filesys.file.shares;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** No user has the name a share names. */
class UserNotFound extends ApiException {

    UserNotFound() {
        super(ApiError.USER_NOT_FOUND, "No user has that name.");
    }
}
