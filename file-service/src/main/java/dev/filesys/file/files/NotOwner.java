package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** The caller was shared the file but only its owner may do this. */
public class NotOwner extends ApiException {

    public NotOwner(String detail) {
        super(ApiError.NOT_OWNER, detail);
    }
}
