package dev.filesys.balancer.assignments;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import org.springframework.http.HttpHeaders;

/** Every known server said no or did not answer, for as long as the request was willing to wait. */
class NoServerAvailable extends ApiException {

    NoServerAvailable(long retryAfterSeconds) {
        super(
                ApiError.NO_SERVER_AVAILABLE,
                "No file-service can take a client right now. Try again shortly, or send {\"waitSeconds\": n}"
                        + " to wait up to 30 seconds for one.");
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }
}
