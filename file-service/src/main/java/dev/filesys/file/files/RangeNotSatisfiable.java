package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import org.springframework.http.HttpHeaders;

/** A Range that selects no byte of the file; says the file's size in {@code Content-Range: bytes *}{@code /size}. */
class RangeNotSatisfiable extends ApiException {

    RangeNotSatisfiable(ByteRange.Unsatisfiable range) {
        super(
                ApiError.RANGE_NOT_SATISFIABLE,
                "The requested range starts beyond the end of the file (" + range.size() + " bytes).");
        getHeaders().set(HttpHeaders.CONTENT_RANGE, range.contentRange());
    }
}
