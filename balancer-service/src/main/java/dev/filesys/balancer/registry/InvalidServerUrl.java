package dev.filesys.balancer.registry;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A server URL that is not an absolute http(s) URL with a host and without user info, query or fragment. */
class InvalidServerUrl extends ApiException {

    InvalidServerUrl(String why) {
        super(
                ApiError.INVALID_SERVER_URL,
                "A server URL is an absolute http or https URL with a host and no user info, query or fragment: "
                        + why
                        + ".");
    }
}
