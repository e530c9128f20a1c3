package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** The uploaded bytes do not have the SHA-256 the client said they have; nothing was stored. */
class ChecksumMismatch extends ApiException {

    ChecksumMismatch(String detail) {
        super(HttpStatus.BAD_REQUEST, "CHECKSUM_MISMATCH", detail);
    }
}
