package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** The upload body ended before it was complete (the connection broke); nothing was stored. */
public class UploadIncomplete extends ApiException {

    public UploadIncomplete(String detail) {
        super(ApiError.UPLOAD_INCOMPLETE, detail);
    }
}
