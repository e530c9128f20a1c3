package dev.filesys.file;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named places in a feature where a test can inject a failure (a crash between two steps, a lost connection), to show
 * what the code guarantees when it happens there. Unarmed, which they always are outside tests, they do nothing.
 *
 * @param <P> the feature's places
 */
public class Failpoints<P extends Enum<P>> {

    private final Map<P, Runnable> armed = new ConcurrentHashMap<>();

    /** Runs {@code failure} (typically: throws) whenever the code reaches {@code point}. */
    public void arm(P point, Runnable failure) {
        armed.put(point, failure);
    }

    public void disarmAll() {
        armed.clear();
    }

    /** Called by the code at {@code point}. */
    public void reached(P point) {
        Runnable failure = armed.get(point);
        if (failure != null) {
            failure.run();
        }
    }
}
