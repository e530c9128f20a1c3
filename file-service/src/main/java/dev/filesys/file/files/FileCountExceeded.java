package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** Storing this would give the user more files than one user may keep ({@code filesys.storage.max-files}). */
public class FileCountExceeded extends ApiException {

    public FileCountExceeded(String detail) {
        super(HttpStatus.INSUFFICIENT_STORAGE, "FILE_COUNT_EXCEEDED", detail);
    }
}
