package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** The owner already has a file of that name and the upload did not ask to overwrite it. */
public class NameTaken extends ApiException {

    public NameTaken(String detail) {
        super(HttpStatus.CONFLICT, "NAME_TAKEN", detail);
    }
}
