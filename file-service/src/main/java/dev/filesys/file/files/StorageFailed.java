package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** The blob store failed to read or write; nothing was stored. */
public class StorageFailed extends ApiException {

    public StorageFailed(String detail) {
        super(ApiError.STORAGE_ERROR, detail);
    }
}
