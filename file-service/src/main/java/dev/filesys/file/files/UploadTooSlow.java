package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** The upload body arrived more slowly than the minimum rate (a trickle that would hold its connection for hours). */
public class UploadTooSlow extends ApiException {

    public UploadTooSlow(String detail) {
        super(ApiError.UPLOAD_TOO_SLOW, detail);
    }
}
