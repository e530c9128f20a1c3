package dev.filesys.balancer.registry;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** A server URL that is not an absolute http(s) URL with a host and without user info, query or fragment. */
class InvalidServerUrl extends ApiException {

    InvalidServerUrl(String why) {
        super(
                HttpStatus.BAD_REQUEST,
                "INVALID_SERVER_URL",
                "A server URL is an absolute http or https URL with a host and no user info, query or fragment: "
                        + why
                        + ".");
    }
}
