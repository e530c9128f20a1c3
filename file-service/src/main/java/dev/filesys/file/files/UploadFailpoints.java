package dev.filesys.file.files;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Places in the upload path where a test can inject a failure, to show that a crash there leaves no visible file and
 * nothing the sweeper does not remove. Unarmed (always, outside tests) they do nothing.
 */
@Component
class UploadFailpoints {

    enum Point {
        /** The bytes are staged and fsynced; nothing is published or recorded. */
        AFTER_STAGING,
        /** The bytes are published under their digest; the transaction recording them has not committed. */
        AFTER_PUBLISH
    }

    private final Map<Point, Runnable> armed = new ConcurrentHashMap<>();

    void arm(Point point, Runnable failure) {
        armed.put(point, failure);
    }

    void disarmAll() {
        armed.clear();
    }

    void reached(Point point) {
        Runnable failure = armed.get(point);
        if (failure != null) {
            failure.run();
        }
    }
}
