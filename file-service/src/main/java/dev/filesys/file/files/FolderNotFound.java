package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** No folder with that id (or path) exists that the caller owns or was shared (the same answer for both). */
public class FolderNotFound extends ApiException {

    public FolderNotFound(String detail) {
        super(ApiError.FOLDER_NOT_FOUND, detail);
    }

    /** The answer for an id that names no folder the caller may see (or no folder at all, or one in the trash). */
    public static FolderNotFound noSuchFolder() {
        return new FolderNotFound("No such folder.");
    }
}
