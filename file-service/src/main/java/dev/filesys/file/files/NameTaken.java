package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** The owner already has a file of that name and the upload did not ask to overwrite it. */
public class NameTaken extends ApiException {

    public NameTaken(String detail) {
        this(HttpStatus.CONFLICT, detail);
    }

    private NameTaken(HttpStatus status, String detail) {
        super(ApiError.NAME_TAKEN, status, detail);
    }

    /** The same refusal for a request whose precondition was that the name is free ({@code If-None-Match: *}). */
    static NameTaken preconditionFailed(String detail) {
        return new NameTaken(HttpStatus.PRECONDITION_FAILED, detail);
    }
}
