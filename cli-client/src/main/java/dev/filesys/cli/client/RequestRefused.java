package dev.filesys.cli.client;

import java.time.Duration;

/**
 * A server answered with an error: its HTTP status and, from the problem body, the stable {@code code} and the human
 * {@code detail}.
 */
public final class RequestRefused extends RuntimeException {

    private final int status;
    private final String code;
    private final String detail;
    private final Duration retryAfter;

    public RequestRefused(int status, String code, String detail, Duration retryAfter) {
        super(code + ": " + detail);
        this.status = status;
        this.code = code;
        this.detail = detail;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** The problem's stable code, e.g. {@code FILE_NOT_FOUND}; derived from the status when the body had none. */
    public String code() {
        return code;
    }

    public String detail() {
        return detail;
    }

    /** The {@code Retry-After} the server asked for, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
