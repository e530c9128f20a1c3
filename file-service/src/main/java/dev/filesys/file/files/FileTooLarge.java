package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** The file is larger than the largest file this service stores. */
public class FileTooLarge extends ApiException {

    public FileTooLarge(String detail) {
        super(ApiError.FILE_TOO_LARGE, detail);
    }
}
