package dev.filesys.file.files;

import dev.filesys.file.Failpoints;
import org.springframework.stereotype.Component;

/**
 * Places in the upload path where a test can inject a failure, to show that a crash there leaves no visible file and
 * nothing the sweeper does not remove. Unarmed (always, outside tests and the fault suite) they do nothing.
 */
@Component
public class UploadFailpoints extends Failpoints<UploadFailpoints.Point> {

    /** Where an upload can be stopped. */
    public enum Point {
        /**
         * The bytes are staged and fsynced (a simple upload's body, or a resumable upload's chunks when its last PATCH
         * completes it); nothing is published or recorded.
         */
        AFTER_STAGING,
        /** The bytes are published under their digest; the transaction recording them has not committed. */
        AFTER_PUBLISH,
        /** The transaction recording the file has committed; the reply has not been written. */
        AFTER_COMMIT
    }

    UploadFailpoints() {
        super(Point.class);
    }
}
