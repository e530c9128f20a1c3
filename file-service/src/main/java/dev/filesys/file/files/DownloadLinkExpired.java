package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** A download link that was good, used after its expiry. */
class DownloadLinkExpired extends ApiException {

    DownloadLinkExpired() {
        super(HttpStatus.FORBIDDEN, "DOWNLOAD_LINK_EXPIRED", "This download link has expired; ask for a new one.");
    }
}
