package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** The file's stored bytes are not in the blob store. */
class BlobMissing extends ApiException {

    BlobMissing(String detail) {
        super(ApiError.BLOB_MISSING, detail);
    }
}
