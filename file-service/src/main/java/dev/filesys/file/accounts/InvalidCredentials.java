package dev.filesys.file.accounts;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A login failed. Deliberately the same for an unknown user and a wrong password. */
class InvalidCredentials extends ApiException {

    InvalidCredentials() {
        super(ApiError.INVALID_CREDENTIALS, "The username or the password is wrong.");
    }
}
