package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** A file name that breaks the naming rules of {@link FileNames}. */
public class InvalidName extends ApiException {

    public InvalidName(String detail) {
        super(HttpStatus.BAD_REQUEST, "INVALID_NAME", detail);
    }
}
