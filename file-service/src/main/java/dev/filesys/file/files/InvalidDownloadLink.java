package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** A download link whose token is malformed, altered, for another file, or issued by another instance or run. */
class InvalidDownloadLink extends ApiException {

    InvalidDownloadLink() {
        super(
                HttpStatus.FORBIDDEN,
                "INVALID_DOWNLOAD_LINK",
                "This download link is not valid here; ask for a new one where you are logged in.");
    }
}
