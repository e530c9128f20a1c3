package dev.filesys.file.accounts;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;

/** Logins for this name or from this address are held back after repeated failures, for a while. */
class TooManyAttempts extends ApiException {

    TooManyAttempts(Duration retryAfter) {
        this(retryAfter, "logins");
    }

    /** @param what what failed too often, in the plural ("logins", "passwords for this link") */
    TooManyAttempts(Duration retryAfter, String what) {
        super(
                ApiError.TOO_MANY_ATTEMPTS,
                "Too many failed " + what + "; try again in " + seconds(retryAfter) + " seconds.");
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds(retryAfter)));
    }

    private static long seconds(Duration duration) {
        long seconds = duration.toSeconds();
        return duration.toNanos() % 1_000_000_000L == 0 ? Math.max(1, seconds) : seconds + 1;
    }
}
