package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** The file's stored bytes are damaged; they were taken out of service and are never served. */
class BlobCorrupted extends ApiException {

    BlobCorrupted(String detail) {
        super(HttpStatus.INTERNAL_SERVER_ERROR, "BLOB_CORRUPTED", detail);
    }
}
