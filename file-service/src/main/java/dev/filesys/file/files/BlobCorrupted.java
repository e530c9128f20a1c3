package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** The file's stored bytes are damaged; they were taken out of service and are never served. */
public class BlobCorrupted extends ApiException {

    public BlobCorrupted(String detail) {
        super(HttpStatus.INTERNAL_SERVER_ERROR, "BLOB_CORRUPTED", detail);
    }
}
