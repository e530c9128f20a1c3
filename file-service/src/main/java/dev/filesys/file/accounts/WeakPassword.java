package dev.filesys.file.accounts;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A registration offered a password outside the rules (8–1024 characters). */
class WeakPassword extends ApiException {

    WeakPassword(String detail) {
        super(ApiError.WEAK_PASSWORD, detail);
    }
}
