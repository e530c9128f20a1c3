package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A download link whose token is malformed, altered, for another file, or issued by another instance or run. */
class InvalidDownloadLink extends ApiException {

    InvalidDownloadLink() {
        super(
                ApiError.INVALID_DOWNLOAD_LINK,
                "This download link is not valid here; ask for a new one where you are logged in.");
    }
}
