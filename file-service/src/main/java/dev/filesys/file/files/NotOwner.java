package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** The caller was shared the file but only its owner may do this. */
public class NotOwner extends ApiException {

    public NotOwner(String detail) {
        super(HttpStatus.FORBIDDEN, "NOT_OWNER", detail);
    }
}
