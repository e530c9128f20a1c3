package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** The upload body stalled or took longer than allowed; nothing was stored. */
public class UploadTimedOut extends ApiException {

    public UploadTimedOut(String detail) {
        super(ApiError.UPLOAD_TIMEOUT, detail);
    }
}
