package dev.filesys.file.accounts;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** A login failed. Deliberately the same for an unknown user and a wrong password. */
class InvalidCredentials extends ApiException {

    InvalidCredentials() {
        super(HttpStatus.UNAUTHORIZED, "INVALID_CREDENTIALS", "The username or the password is wrong.");
    }
}
