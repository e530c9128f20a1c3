package dev.filesys.support;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponseException;

/**
 * A domain failure that becomes an RFC 9457 problem: an HTTP status, a stable machine-readable {@code code} and a human
 * {@code detail}. Code and status come from the {@link ApiError} catalogue: raise one as {@code
 * ApiError.X.exception(detail)}, or as a subclass named for what happened ({@code FileNotFound}) built on its entry.
 */
public class ApiException extends ErrorResponseException {

    /** The problem property that carries the stable code. */
    public static final String CODE = "code";

    private final String code;

    public ApiException(ApiError error, String detail) {
        this(error.status(), error.code(), detail);
    }

    /** The refusal under another status than the code's usual one, where a protocol asks for one. */
    public ApiException(ApiError error, HttpStatusCode status, String detail) {
        this(status, error.code(), detail);
    }

    /** For a code outside the catalogue: only this package's own tests need one. */
    ApiException(HttpStatusCode status, String code, String detail) {
        super(status, Problems.of(status, code, detail), null);
        this.code = code;
    }

    /** The stable error code, e.g. {@code FILE_NOT_FOUND}. */
    public String code() {
        return code;
    }

    /** Sets a response header the refusal carries (e.g. {@code Retry-After}); returns this refusal. */
    public ApiException withHeader(String name, String value) {
        getHeaders().set(name, value);
        return this;
    }

    @Override
    public String getMessage() {
        return code + ": " + getBody().getDetail();
    }
}
