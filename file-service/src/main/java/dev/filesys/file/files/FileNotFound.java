package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** No file with that id exists that the caller owns or was shared (deliberately the same answer for both). */
public class FileNotFound extends ApiException {

    public FileNotFound(String detail) {
        super(HttpStatus.NOT_FOUND, "FILE_NOT_FOUND", detail);
    }
}
