package dev.filesys.balancer.registry;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A server id that is not 1–63 of lower-case letters, digits and hyphens, starting with a letter or digit. */
class InvalidServerId extends ApiException {

    InvalidServerId() {
        super(
                ApiError.INVALID_SERVER_ID,
                "A server id is 1 to 63 characters of a-z, 0-9 and '-', starting with a letter or digit.");
    }
}
