package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** Storing this would take the user over their quota. */
public class QuotaExceeded extends ApiException {

    public QuotaExceeded(String detail) {
        super(ApiError.QUOTA_EXCEEDED, detail);
    }
}
