package dev.filesys.cli.client;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Notices a transfer that stopped moving: a server that keeps the connection open but sends (or takes) nothing would
 * otherwise hold the CLI forever, as the JDK client has no read timeout for a streamed body. When the progress counter
 * has not changed for the timeout while the transfer is waiting on the network, {@code onStall} runs (it closes the
 * stream or cancels the request, which makes the blocked side fail).
 */
final class StallWatch implements AutoCloseable {

    private static final ScheduledExecutorService CLOCK = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "filesys-stall-watch");
        thread.setDaemon(true);
        return thread;
    });

    private final long timeoutNanos;
    private final LongSupplier progress;
    private final BooleanSupplier waiting;
    private final Runnable onStall;
    private final ScheduledFuture<?> check;

    private long lastProgress;
    private long lastChange;
    private volatile boolean stalled;

    /**
     * @param timeout how long the progress may stand still
     * @param progress a counter that grows while the transfer moves (bytes so far)
     * @param waiting whether the transfer is waiting on the network right now (a stall counts only then)
     * @param onStall what ends the transfer; runs at most once, on the watch's thread
     */
    StallWatch(Duration timeout, LongSupplier progress, BooleanSupplier waiting, Runnable onStall) {
        this.timeoutNanos = timeout.toNanos();
        this.progress = progress;
        this.waiting = waiting;
        this.onStall = onStall;
        this.lastProgress = progress.getAsLong();
        this.lastChange = System.nanoTime();
        long period = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
        this.check = CLOCK.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** Whether the transfer was ended for standing still. */
    boolean stalled() {
        return stalled;
    }

    private synchronized void check() {
        long now = System.nanoTime();
        long current = progress.getAsLong();
        if (current != lastProgress || !waiting.getAsBoolean()) {
            lastProgress = current;
            lastChange = now;
        } else if (!stalled && now - lastChange >= timeoutNanos) {
            stalled = true;
            check.cancel(false);
            onStall.run();
        }
    }

    @Override
    public void close() {
        check.cancel(false);
    }
}
