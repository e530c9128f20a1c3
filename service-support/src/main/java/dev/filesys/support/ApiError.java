package dev.filesys.support;

import static org.springframework.http.HttpStatus.BAD_REQUEST;
import static org.springframework.http.HttpStatus.CONFLICT;
import static org.springframework.http.HttpStatus.CONTENT_TOO_LARGE;
import static org.springframework.http.HttpStatus.FORBIDDEN;
import static org.springframework.http.HttpStatus.GONE;
import static org.springframework.http.HttpStatus.INSUFFICIENT_STORAGE;
import static org.springframework.http.HttpStatus.INTERNAL_SERVER_ERROR;
import static org.springframework.http.HttpStatus.NOT_FOUND;
import static org.springframework.http.HttpStatus.PRECONDITION_FAILED;
import static org.springframework.http.HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE;
import static org.springframework.http.HttpStatus.REQUEST_TIMEOUT;
import static org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE;
import static org.springframework.http.HttpStatus.TOO_MANY_REQUESTS;
import static org.springframework.http.HttpStatus.UNAUTHORIZED;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * The catalogue of every stable error {@code code} the services answer with, each with its usual HTTP status. A
 * refusal is raised as {@code throw ApiError.X.exception(detail)}, or through a named {@link ApiException} subclass
 * built on its entry where callers or tests tell the failure apart by type or it carries headers; either way the code
 * and status come from here, and clients may rely on the codes never changing meaning.
 */
public enum ApiError {

    // any request
    INVALID_REQUEST(BAD_REQUEST),
    MALFORMED_REQUEST(BAD_REQUEST),
    INTERNAL_ERROR(INTERNAL_SERVER_ERROR),
    PAYLOAD_TOO_LARGE(CONTENT_TOO_LARGE),
    RATE_LIMITED(TOO_MANY_REQUESTS),
    INVALID_CLUSTER_TOKEN(UNAUTHORIZED),

    // balancer: servers and assignments
    INVALID_SERVER_ID(BAD_REQUEST),
    INVALID_SERVER_URL(BAD_REQUEST),
    SERVER_ID_CONFLICT(CONFLICT),
    NO_SERVER_AVAILABLE(SERVICE_UNAVAILABLE),

    // file-service: sessions and accounts
    SESSION_REQUIRED(UNAUTHORIZED),
    SESSION_EXPIRED(UNAUTHORIZED),
    NOT_LOGGED_IN(UNAUTHORIZED),
    INVALID_AUTH_CODE(UNAUTHORIZED),
    AUTH_CODE_REPLAYED(UNAUTHORIZED),
    HANDSHAKE_EXPIRED(UNAUTHORIZED),
    INVALID_NONCE(UNAUTHORIZED),
    INVALID_CREDENTIALS(UNAUTHORIZED),
    INVALID_USERNAME(BAD_REQUEST),
    INVALID_PASSWORD(BAD_REQUEST),
    WEAK_PASSWORD(BAD_REQUEST),
    USERNAME_TAKEN(CONFLICT),
    TOO_MANY_ATTEMPTS(TOO_MANY_REQUESTS),
    SERVER_BUSY(SERVICE_UNAVAILABLE),
    SERVER_DRAINING(SERVICE_UNAVAILABLE),
    SERVER_AT_CAPACITY(SERVICE_UNAVAILABLE),
    SERVER_UNAVAILABLE(SERVICE_UNAVAILABLE),
    DATABASE_UNAVAILABLE(SERVICE_UNAVAILABLE),

    // file-service: files, downloads and shares
    FILE_NOT_FOUND(NOT_FOUND),
    NOT_OWNER(FORBIDDEN),
    INVALID_NAME(BAD_REQUEST),
    INVISIBLE_CHARACTER_IN_NAME(BAD_REQUEST),
    NAME_TAKEN(CONFLICT),
    INVALID_CONTENT_TYPE(BAD_REQUEST),
    INVALID_CHECKSUM(BAD_REQUEST),
    CHECKSUM_MISMATCH(BAD_REQUEST),
    INVALID_SCOPE(BAD_REQUEST),
    INVALID_SORT(BAD_REQUEST),
    INVALID_LIMIT(BAD_REQUEST),
    INVALID_CURSOR(BAD_REQUEST),
    FILE_TOO_LARGE(CONTENT_TOO_LARGE),
    QUOTA_EXCEEDED(INSUFFICIENT_STORAGE),
    FILE_COUNT_EXCEEDED(INSUFFICIENT_STORAGE),
    STORAGE_FULL(INSUFFICIENT_STORAGE),
    STORAGE_ERROR(INTERNAL_SERVER_ERROR),
    BLOB_MISSING(INTERNAL_SERVER_ERROR),
    BLOB_CORRUPTED(INTERNAL_SERVER_ERROR),
    UPLOAD_INCOMPLETE(BAD_REQUEST),
    UPLOAD_TIMEOUT(REQUEST_TIMEOUT),
    UPLOAD_TOO_SLOW(REQUEST_TIMEOUT),
    RANGE_NOT_SATISFIABLE(REQUESTED_RANGE_NOT_SATISFIABLE),
    INVALID_DOWNLOAD_LINK(FORBIDDEN),
    DOWNLOAD_LINK_EXPIRED(FORBIDDEN),
    USER_NOT_FOUND(NOT_FOUND),
    CANNOT_SHARE_WITH_SELF(BAD_REQUEST),
    INVALID_PERMISSION(BAD_REQUEST),
    INVALID_EXPIRY(BAD_REQUEST),

    // file-service: resumable uploads (tus)
    INVALID_UPLOAD_REQUEST(BAD_REQUEST),
    UPLOAD_NOT_FOUND(NOT_FOUND),
    UPLOAD_EXPIRED(GONE),
    OFFSET_MISMATCH(CONFLICT),
    UPLOAD_LENGTH_EXCEEDED(CONTENT_TOO_LARGE),
    TUS_VERSION_UNSUPPORTED(PRECONDITION_FAILED),
    CHECKSUM_ALGORITHM_UNSUPPORTED(BAD_REQUEST),

    // file-service: event streams
    INVALID_LAST_EVENT_ID(BAD_REQUEST),
    TOO_MANY_STREAMS(TOO_MANY_REQUESTS);

    private final HttpStatus status;

    ApiError(HttpStatus status) {
        this.status = status;
    }

    /** The status this code is usually answered with. */
    public HttpStatus status() {
        return status;
    }

    /** The stable code, e.g. {@code FILE_NOT_FOUND}: the entry's name. */
    public String code() {
        return name();
    }

    /** The refusal with this code, its usual status and {@code detail}, ready to throw. */
    public ApiException exception(String detail) {
        return new ApiException(this, detail);
    }

    /**
     * The refusal with this code under another status, where a protocol asks for one: {@code 412} for a name taken
     * under {@code If-None-Match: *}, tus's {@code 460} for a checksum mismatch.
     */
    public ApiException exception(HttpStatusCode status, String detail) {
        return new ApiException(this, status, detail);
    }
}
