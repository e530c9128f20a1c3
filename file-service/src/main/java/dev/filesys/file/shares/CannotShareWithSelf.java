package dev.filesys.file.shares;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** An owner tried to share a file with themselves. */
class CannotShareWithSelf extends ApiException {

    CannotShareWithSelf() {
        super(ApiError.CANNOT_SHARE_WITH_SELF, "You own this file; it cannot be shared with you.");
    }
}
