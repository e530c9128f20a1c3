package dev.filesys.file.accounts;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A registration named a user name outside the rules (3–32 of {@code [a-z0-9._-]}). */
class InvalidUsername extends ApiException {

    InvalidUsername(String detail) {
        super(ApiError.INVALID_USERNAME, detail);
    }
}
