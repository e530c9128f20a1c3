package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** Storing this would take the user over their quota. */
public class QuotaExceeded extends ApiException {

    public QuotaExceeded(String detail) {
        super(HttpStatus.INSUFFICIENT_STORAGE, "QUOTA_EXCEEDED", detail);
    }
}
