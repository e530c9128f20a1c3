package dev.filesys.support;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A domain failure that becomes an RFC 9457 problem: an HTTP status, a stable machine-readable {@code code} and a human
 * {@code detail}. Subclasses are named for what happened ({@code FileNotFound}, {@code UsernameTaken}).
 */
public class ApiException extends ErrorResponseException {

    /** The problem property that carries the stable code. */
    public static final String CODE = "code";

    private final String code;

    public ApiException(HttpStatus status, String code, String detail) {
        this(status, code, detail, null);
    }

    public ApiException(HttpStatus status, String code, String detail, Throwable cause) {
        super(status, Problems.of(status, code, detail), cause);
        this.code = code;
    }

    /** The stable error code, e.g. {@code FILE_NOT_FOUND}. */
    public String code() {
        return code;
    }

    @Override
    public String getMessage() {
        return code + ": " + getBody().getDetail();
    }
}
