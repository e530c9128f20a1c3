package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** The upload body stalled or took longer than allowed; nothing was stored. */
public class UploadTimedOut extends ApiException {

    public UploadTimedOut(String detail) {
        super(HttpStatus.REQUEST_TIMEOUT, "UPLOAD_TIMEOUT", detail);
    }
}
