package dev.filesys.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * A closed-loop load generator on virtual threads: each client does one operation after the other until the time or
 * the operation budget runs out. Latencies are recorded per operation.
 */
final class ClosedLoop {

    /** One operation of a client; may keep state between calls (a session token). */
    @FunctionalInterface
    interface Operation {
        void call() throws Exception;
    }

    /** What the run did. */
    record Result(long operations, long errors, double seconds, long[] sortedLatencyNanos, String firstError) {

        double perSecond() {
            return operations / seconds;
        }

        double p50Millis() {
            return Stats.percentile(sortedLatencyNanos, 50) / 1e6;
        }

        double p99Millis() {
            return Stats.percentile(sortedLatencyNanos, 99) / 1e6;
        }
    }

    private ClosedLoop() {}

    static Result run(int clients, Duration duration, long maxOperations, IntFunction<Operation> client) {
        AtomicLong budget = new AtomicLong(maxOperations);
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Future<long[]>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                Operation operation = client.apply(i);
                futures.add(threads.submit(() -> {
                    long[] latencies = new long[1024];
                    int count = 0;
                    while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                        long begin = System.nanoTime();
                        try {
                            operation.call();
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, e.toString());
                            continue;
                        }
                        if (count == latencies.length) {
                            latencies = java.util.Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = System.nanoTime() - begin;
                    }
                    return java.util.Arrays.copyOf(latencies, count);
                }));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> future : futures) {
            try {
                parts.add(future.get());
            } catch (Exception e) {
                throw new IllegalStateException("a load client failed", e);
            }
        }
        long[] all = parts.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        return new Result(all.length, errors.get(), seconds, Stats.sorted(all), firstError.get());
    }
}
