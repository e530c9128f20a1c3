package dev.filesys.file.shares;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** An owner tried to share a file with themselves. */
class CannotShareWithSelf extends ApiException {

    CannotShareWithSelf() {
        super(HttpStatus.BAD_REQUEST, "CANNOT_SHARE_WITH_SELF", "You own this file; it cannot be shared with you.");
    }
}
