package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** The file's stored bytes are damaged; they were taken out of service and are never served. */
class BlobCorrupted extends ApiException {

    BlobCorrupted(String detail) {
        super(ApiError.BLOB_CORRUPTED, detail);
    }
}
