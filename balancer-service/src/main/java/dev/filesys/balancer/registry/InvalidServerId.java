package dev.filesys.balancer.registry;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** A server id that is not 1–63 of lower-case letters, digits and hyphens, starting with a letter or digit. */
class InvalidServerId extends ApiException {

    InvalidServerId() {
        super(
                HttpStatus.BAD_REQUEST,
                "INVALID_SERVER_ID",
                "A server id is 1 to 63 characters of a-z, 0-9 and '-', starting with a letter or digit.");
    }
}
