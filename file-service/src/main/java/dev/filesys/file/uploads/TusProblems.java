package dev.filesys.file.uploads;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatusCode;

/** The failures of the tus protocol, as problems with a code, carrying the headers tus clients look for. */
final class TusProblems {

    /** tus checksum extension: the PATCH body did not match its {@code Upload-Checksum}. */
    static final HttpStatusCode CHECKSUM_MISMATCH = HttpStatusCode.valueOf(460);

    private TusProblems() {}

    static ApiException notFound() {
        return ApiError.UPLOAD_NOT_FOUND.exception("No such upload.");
    }

    static ApiException expired() {
        return ApiError.UPLOAD_EXPIRED.exception("The upload expired; its bytes are gone. Start a new one.");
    }

    static ApiException offsetMismatch(long current) {
        return ApiError.OFFSET_MISMATCH
                .exception("Upload-Offset does not match the upload's offset, which is " + current
                        + ". Ask with HEAD and continue from there.")
                .withHeader(Tus.UPLOAD_OFFSET, Long.toString(current));
    }

    static ApiException lengthExceeded(long remaining) {
        return ApiError.UPLOAD_LENGTH_EXCEEDED.exception(
                "The body goes past the declared Upload-Length; at most " + remaining + " more bytes fit.");
    }

    static ApiException unsupportedVersion() {
        return ApiError.TUS_VERSION_UNSUPPORTED
                .exception("This server speaks tus " + Tus.VERSION + "; send Tus-Resumable: " + Tus.VERSION + ".")
                .withHeader(Tus.VERSION_HEADER, Tus.VERSION);
    }

    static ApiException checksumMismatch(String algorithm, long offset) {
        return ApiError.CHECKSUM_MISMATCH
                .exception(
                        CHECKSUM_MISMATCH,
                        "The body's " + algorithm + " does not match Upload-Checksum; the bytes were discarded and"
                                + " the offset is still " + offset + ".")
                .withHeader(Tus.UPLOAD_OFFSET, Long.toString(offset));
    }
}
