package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A file name that breaks the naming rules of {@link FileNames}. */
public class InvalidName extends ApiException {

    public InvalidName(String detail) {
        super(ApiError.INVALID_NAME, detail);
    }
}
