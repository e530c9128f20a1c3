package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** The uploaded bytes do not have the SHA-256 the client said they have; nothing was stored. */
class ChecksumMismatch extends ApiException {

    ChecksumMismatch(String detail) {
        super(ApiError.CHECKSUM_MISMATCH, detail);
    }
}
