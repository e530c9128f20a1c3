package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A download link that was good, used after its expiry. */
class DownloadLinkExpired extends ApiException {

    DownloadLinkExpired() {
        super(ApiError.DOWNLOAD_LINK_EXPIRED, "This download link has expired; ask for a new one.");
    }
}
