package dev.filesys.file.availability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The number of logged-in open sessions this instance is serving (what counts toward its capacity; a session nobody
 * has logged in to does not), kept in memory so the availability probe never queries for it. Sessions move it as
 * users log in and out and sessions close here; a periodic recount from the database corrects it for what
 * happens elsewhere (expiry, a close through another instance). Exported as the {@code filesys.sessions.active}
 * gauge.
 */
@Component
public class ActiveSessions {

    private final AtomicInteger count = new AtomicInteger();

    ActiveSessions(MeterRegistry meters) {
        Gauge.builder("filesys.sessions.active", count, AtomicInteger::get)
                .description("Logged-in open sessions this instance is serving")
                .register(meters);
    }

    public int get() {
        return count.get();
    }

    public void opened() {
        count.incrementAndGet();
    }

    public void closed() {
        count.updateAndGet(n -> Math.max(0, n - 1));
    }

    /** Replaces the count with a fresh one from the database. */
    public void recounted(int open) {
        count.set(Math.max(0, open));
    }
}
