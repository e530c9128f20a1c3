package dev.filesys.file;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run on its own daemon thread at a fixed delay. Each background job (health check, heartbeat, housekeeping)
 * gets its own, so one that hangs on a dead database or balancer does not hold up the others; a failing run is logged
 * and the next one runs as planned.
 */
public final class Periodic implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Periodic.class);

    private final ScheduledExecutorService executor;

    private Periodic(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /**
     * @param name the thread's name, for thread dumps and logs
     * @param initialDelay how long before the first run
     * @param delay the time between the end of one run and the start of the next
     */
    public static Periodic start(String name, Duration initialDelay, Duration delay, Runnable task) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(
                () -> runLogged(name, task), initialDelay.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
        return new Periodic(executor);
    }

    private static void runLogged(String name, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("{} failed: {}", name, e.toString());
        }
    }

    /** Stops the schedule, interrupts a run in progress and waits briefly for it to end. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
