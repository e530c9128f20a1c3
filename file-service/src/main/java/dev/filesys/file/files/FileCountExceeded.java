package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** Storing this would give the user more files than one user may keep ({@code filesys.storage.max-files}). */
public class FileCountExceeded extends ApiException {

    public FileCountExceeded(String detail) {
        super(ApiError.FILE_COUNT_EXCEEDED, detail);
    }
}
