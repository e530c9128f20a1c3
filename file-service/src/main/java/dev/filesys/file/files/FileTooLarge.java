package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** The file is larger than the largest file this service stores. */
public class FileTooLarge extends ApiException {

    public FileTooLarge(String detail) {
        super(HttpStatus.PAYLOAD_TOO_LARGE, "FILE_TOO_LARGE", detail);
    }
}
