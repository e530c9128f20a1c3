package dev.filesys.file.accounts;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** A registration named a user name outside the rules (3–32 of {@code [a-z0-9._-]}). */
class InvalidUsername extends ApiException {

    InvalidUsername(String detail) {
        super(HttpStatus.BAD_REQUEST, "INVALID_USERNAME", detail);
    }
}
