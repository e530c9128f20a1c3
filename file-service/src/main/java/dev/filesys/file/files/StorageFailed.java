package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** The blob store failed to read or write; nothing was stored. */
public class StorageFailed extends ApiException {

    public StorageFailed(String detail) {
        super(HttpStatus.INTERNAL_SERVER_ERROR, "STORAGE_ERROR", detail);
    }
}
