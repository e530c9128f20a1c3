package dev.filesys.file.uploads;

import dev.filesys.support.ApiException;
import dev.filesys.support.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponseException;

/** The failures of the tus protocol, as problems with a code, carrying the headers tus clients look for. */
final class TusProblems {

    /** tus checksum extension: the PATCH body did not match its {@code Upload-Checksum}. */
    static final HttpStatusCode CHECKSUM_MISMATCH = HttpStatusCode.valueOf(460);

    private TusProblems() {}

    static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, "UPLOAD_NOT_FOUND", "No such upload.");
    }

    static ApiException expired() {
        return new ApiException(
                HttpStatus.GONE, "UPLOAD_EXPIRED", "The upload expired; its bytes are gone. Start a new one.");
    }

    static ApiException offsetMismatch(long current) {
        ApiException problem = new ApiException(
                HttpStatus.CONFLICT,
                "OFFSET_MISMATCH",
                "Upload-Offset does not match the upload's offset, which is " + current
                        + ". Ask with HEAD and continue from there.");
        problem.getHeaders().set(Tus.UPLOAD_OFFSET, Long.toString(current));
        return problem;
    }

    static ApiException lengthExceeded(long remaining) {
        return new ApiException(
                HttpStatus.PAYLOAD_TOO_LARGE,
                "UPLOAD_LENGTH_EXCEEDED",
                "The body goes past the declared Upload-Length; at most " + remaining + " more bytes fit.");
    }

    static ApiException unsupportedVersion() {
        ApiException problem = new ApiException(
                HttpStatus.PRECONDITION_FAILED,
                "TUS_VERSION_UNSUPPORTED",
                "This server speaks tus " + Tus.VERSION + "; send Tus-Resumable: " + Tus.VERSION + ".");
        problem.getHeaders().set(Tus.VERSION_HEADER, Tus.VERSION);
        return problem;
    }

    static ErrorResponseException checksumMismatch(String algorithm, long offset) {
        ErrorResponseException problem = new ErrorResponseException(
                CHECKSUM_MISMATCH,
                Problems.of(
                        CHECKSUM_MISMATCH,
                        "CHECKSUM_MISMATCH",
                        "The body's " + algorithm + " does not match Upload-Checksum; the bytes were discarded and"
                                + " the offset is still " + offset + "."),
                null);
        problem.getHeaders().set(Tus.UPLOAD_OFFSET, Long.toString(offset));
        return problem;
    }
}
