package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** The upload body ended before it was complete (the connection broke); nothing was stored. */
public class UploadIncomplete extends ApiException {

    public UploadIncomplete(String detail) {
        super(HttpStatus.BAD_REQUEST, "UPLOAD_INCOMPLETE", detail);
    }
}
