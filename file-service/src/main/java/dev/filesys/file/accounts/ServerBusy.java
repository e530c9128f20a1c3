package dev.filesys.file.accounts;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import org.springframework.http.HttpHeaders;

/**
 * Every password-hashing thread is busy: the request is answered at once rather than queued behind them, so a flood of
 * registrations or logins cannot make everything else wait.
 */
class ServerBusy extends ApiException {

    ServerBusy() {
        super(ApiError.SERVER_BUSY, "The server is checking too many passwords right now; try again in a second.");
        getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
    }
}
