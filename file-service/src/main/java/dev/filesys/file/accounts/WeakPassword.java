package dev.filesys.file.accounts;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** A registration offered a password outside the rules (8–1024 characters). */
class WeakPassword extends ApiException {

    WeakPassword(String detail) {
        super(HttpStatus.BAD_REQUEST, "WEAK_PASSWORD", detail);
    }
}
