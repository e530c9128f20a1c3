package dev.filesys.file.events;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import org.springframework.http.HttpHeaders;

/** The session or its user holds as many event streams open on this server as allowed: one must end first. */
class TooManyStreams extends ApiException {

    TooManyStreams(String whose, int limit) {
        super(
                ApiError.TOO_MANY_STREAMS,
                "This " + whose + " already has " + limit
                        + " event streams open here; close one before opening another.");
        getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
    }
}
