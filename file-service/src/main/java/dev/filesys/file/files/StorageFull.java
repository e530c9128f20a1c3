package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** The blob store is short of free space; uploads are refused until it has more. */
public class StorageFull extends ApiException {

    public StorageFull(String detail) {
        super(HttpStatus.INSUFFICIENT_STORAGE, "STORAGE_FULL", detail);
    }
}
