package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** The file's stored bytes are not in the blob store. */
class BlobMissing extends ApiException {

    BlobMissing(String detail) {
        super(HttpStatus.INTERNAL_SERVER_ERROR, "BLOB_MISSING", detail);
    }
}
