package dev.filesys.support;

import java.time.Duration;
import org.springframework.http.HttpHeaders;

/** A client asked for something more often than its allowance; it may ask again after {@code Retry-After} seconds. */
public class RateLimited extends ApiException {

    public RateLimited(String what, Duration retryAfter) {
        super(
                ApiError.RATE_LIMITED,
                "Too many " + what + " from your address; try again in " + seconds(retryAfter) + " seconds.");
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds(retryAfter)));
    }

    /** Whole seconds, rounded up, at least one: a client that waits that long finds a token. */
    static long seconds(Duration wait) {
        long seconds = wait.toSeconds();
        return Math.max(1, wait.toNanos() % 1_000_000_000L == 0 ? seconds : seconds + 1);
    }
}
