package dev.filesys.file.blobs;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how much live heap something holds while it runs: collects garbage and samples the heap in use every
 * {@value #INTERVAL_MILLIS} ms on a thread of its own, and reports the highest sample above the one taken at the start.
 * Garbage does not count (every sample follows a full collection), so only what is really retained shows: a stream that
 * buffered a whole blob, or a part of it, would.
 */
final class HeapWatch implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 50;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final long baseline;
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heap-watch");
        thread.setDaemon(true);
        return thread;
    });

    HeapWatch() {
        baseline = liveHeap();
        peak.set(baseline);
        sampler.scheduleWithFixedDelay(
                () -> {
                    peak.accumulateAndGet(liveHeap(), Math::max);
                    samples.incrementAndGet();
                },
                0,
                INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** The most live heap above the starting point seen so far, in bytes. */
    long peakGrowth() {
        return peak.get() - baseline;
    }

    long samples() {
        return samples.get();
    }

    @Override
    public void close() throws InterruptedException {
        sampler.shutdown();
        sampler.awaitTermination(10, TimeUnit.SECONDS);
    }

    private long liveHeap() {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
