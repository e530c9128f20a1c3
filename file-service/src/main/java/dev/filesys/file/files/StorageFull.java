package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** The blob store is short of free space; uploads are refused until it has more. */
public class StorageFull extends ApiException {

    public StorageFull(String detail) {
        super(ApiError.STORAGE_FULL, detail);
    }
}
