package dev.filesys.file;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named places in a feature where a test can inject a failure (a crash between two steps, a lost connection), to show
 * what the code guarantees when it happens there. Unarmed, which they are unless a test arms them (in-process) or the
 * fault suite sets {@code filesys.failpoints.*} (see {@link ConfiguredFailpoints}), they cost one map lookup.
 *
 * @param <P> the feature's places
 */
public class Failpoints<P extends Enum<P>> {

    private static final Logger log = LoggerFactory.getLogger(Failpoints.class);

    private final Class<P> points;
    private final Map<P, Runnable> armed = new ConcurrentHashMap<>();

    protected Failpoints(Class<P> points) {
        this.points = points;
    }

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

    /** The point of this feature with this name ({@code AFTER_COMMIT} or {@code after-commit}), if there is one. */
    Optional<P> point(String name) {
        String constant = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (P point : points.getEnumConstants()) {
            if (point.name().equals(constant)) {
                return Optional.of(point);
            }
        }
        return Optional.empty();
    }

    /**
     * A failure for the fault suite: the first {@code passes} arrivals go on; every later one logs
     * {@code FAILPOINT <point> reached} and stops its thread there for good, so that a test can kill the process
     * (SIGKILL) with that request caught between two steps.
     */
    static Runnable pauseAfter(Enum<?> point, int passes) {
        AtomicInteger arrivals = new AtomicInteger();
        CountDownLatch never = new CountDownLatch(1);
        return () -> {
            if (arrivals.incrementAndGet() <= passes) {
                return;
            }
            log.warn("FAILPOINT {} reached; this request stops here until the process is killed", point.name());
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // interrupted (the process is shutting down): the step after the failpoint must still not happen
            throw new IllegalStateException("stopped at failpoint " + point.name());
        };
    }
}
