package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** No file with that id exists that the caller owns or was shared (deliberately the same answer for both). */
public class FileNotFound extends ApiException {

    public FileNotFound(String detail) {
        super(ApiError.FILE_NOT_FOUND, detail);
    }

    /** The answer for an id that names no file the caller may see (or no file at all). */
    public static FileNotFound noSuchFile() {
        return new FileNotFound("No such file.");
    }
}
