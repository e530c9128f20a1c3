package dev.filesys.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTest {

    @Test
    void hotMethodsAllocationsAndWaitsAreRankedAndShownAsShares() {
        Profile profile = new Profile();
        profile.window(new Profile.Window(Instant.EPOCH, Instant.EPOCH.plusSeconds(2)), 1000);
        for (int i = 0; i < 3; i++) {
            profile.sample(List.of("java.util.zip.CRC32C.update", "dev.filesys.files.FileController.content"));
        }
        profile.sample(List.of("sun.nio.ch.SocketDispatcher.write0", "org.apache.tomcat.util.net.NioEndpoint.run"));
        profile.allocation("java.util.Arrays.copyOf", "byte[]", 3 << 20);
        profile.allocation("dev.filesys.sessions.SessionService.authenticate", "java.lang.String", 1 << 20);
        profile.collection(Duration.ofMillis(4), Duration.ofMillis(3));
        profile.collection(Duration.ofMillis(6), Duration.ofMillis(5));
        profile.waited("park", "com.zaxxer.hikari.pool.HikariPool.getConnection", Duration.ofMillis(30));
        profile.waited("park", "org.apache.tomcat.util.threads.TaskQueue.poll", Duration.ofMillis(50));
        profile.waited("park", "com.zaxxer.hikari.pool.HikariPool.getConnection", Duration.ofMillis(30));
        profile.idled("park", Duration.ofSeconds(1));

        assertThat(profile.hotMethods())
                .extracting(entry -> entry.getKey() + "=" + entry.getValue())
                .containsExactly("java.util.zip.CRC32C.update=3", "sun.nio.ch.SocketDispatcher.write0=1");
        String markdown = profile.markdown("filesys GET, 64 conn.");
        assertThat(markdown)
                .startsWith("**JFR: filesys GET, 64 conn.** (1 run, 2.0 s, 1,000 requests; 4 execution samples)")
                .contains("- hot methods (top frame of the samples): 75% `j.u.z.CRC32C.update`, 25%"
                        + " `s.n.c.SocketDispatcher.write0`\n")
                .contains("- own code (innermost `dev.filesys` frame): 75% `d.f.f.FileController.content`\n")
                .contains("- allocations (sampled, top frame and class): 4.00 MiB in all, 4.10 KiB per request; 75%"
                        + " `j.u.Arrays.copyOf (byte[])`, 25% `d.f.s.SessionService.authenticate (j.l.String)`\n")
                .contains("- GC: 2 collections, pauses 10.0 ms in all (0.5% of the time), longest 5.00 ms\n")
                .contains("- waits (from the recording's threshold):\n  - monitor enter: none\n  - monitor wait: none\n"
                        + "  - park: 4, 1,110 ms in all; 1 of them (1,000 ms) pool threads idle between tasks; the"
                        + " others most at `c.z.h.p.HikariPool.getConnection` 60.0 ms, `o.a.t.u.t.TaskQueue.poll`"
                        + " 50.0 ms\n  - virtual thread pinned: none\n");
        assertThat(new Profile().markdown("x")).contains("- GC: no collection\n");
    }

    @Test
    void aPoolThreadWaitingForWorkIsIdleAndAWaitForAConnectionIsNot() {
        List<String> idleCarrier = List.of(
                "jdk.internal.misc.Unsafe.park",
                "java.util.concurrent.locks.LockSupport.park",
                "java.util.concurrent.ForkJoinPool.awaitWork",
                "java.util.concurrent.ForkJoinPool.runWorker");
        List<String> idleTomcat = List.of(
                "jdk.internal.misc.Unsafe.park",
                "java.util.concurrent.LinkedBlockingQueue.poll",
                "org.apache.tomcat.util.threads.ThreadPoolExecutor.getTask",
                "org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker.run");
        List<String> request = List.of(
                "jdk.internal.misc.Unsafe.park",
                "java.util.concurrent.locks.LockSupport.parkNanos",
                "java.util.concurrent.SynchronousQueue.poll",
                "com.zaxxer.hikari.util.ConcurrentBag.borrow",
                "com.zaxxer.hikari.pool.HikariPool.getConnection",
                "dev.filesys.file.files.FileService.find");
        List<String> jdkOnly = List.of(
                "jdk.internal.misc.Unsafe.park",
                "java.util.concurrent.locks.LockSupport.park",
                "java.lang.VirtualThread.park",
                "java.util.concurrent.CompletableFuture.get");

        assertThat(Profile.idle(idleCarrier)).isTrue();
        assertThat(Profile.idle(idleTomcat)).isTrue();
        assertThat(Profile.idle(request)).isFalse();
        assertThat(Profile.site(request)).isEqualTo("com.zaxxer.hikari.util.ConcurrentBag.borrow");
        assertThat(Profile.site(jdkOnly)).isEqualTo("java.util.concurrent.CompletableFuture.get");
    }

    @Test
    void arrayClassesAreNamedAsInJava() {
        assertThat(Profile.javaName("[B")).isEqualTo("byte[]");
        assertThat(Profile.javaName("[[J")).isEqualTo("long[][]");
        assertThat(Profile.javaName("[Ljava.lang.Object;")).isEqualTo("java.lang.Object[]");
        assertThat(Profile.javaName("java.lang.String")).isEqualTo("java.lang.String");
        assertThat(Profile.abbreviate("java.util.Arrays.copyOf (java.lang.Object[])"))
                .isEqualTo("j.u.Arrays.copyOf (j.l.Object[])");
    }

    @Test
    void aWindowHoldsItsStartAndNotItsEnd() {
        Profile.Window window = new Profile.Window(Instant.EPOCH, Instant.EPOCH.plusMillis(10));

        assertThat(window.contains(Instant.EPOCH)).isTrue();
        assertThat(window.contains(Instant.EPOCH.plusMillis(9))).isTrue();
        assertThat(window.contains(Instant.EPOCH.plusMillis(10))).isFalse();
        assertThat(window.contains(Instant.EPOCH.minusMillis(1))).isFalse();
    }

    /** A real recording of this JVM: a hot method, a System.gc() and a contended monitor, read back by window. */
    @Test
    void aRecordingIsReadForTheEventsInsideTheFiguresWindowsOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("test.jfr");
        Instant before;
        Instant start;
        Instant end;
        try (Recording recording = new Recording();
                RecordingStream samples = new RecordingStream()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.enable("jdk.GarbageCollection");
            recording.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ZERO);
            recording.enable("jdk.ObjectAllocationSample").with("throttle", "10000/s");
            recording.start();
            // counts the samples of spin() as they are flushed, so the test spins until there are some
            AtomicLong spun = new AtomicLong();
            samples.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            samples.onEvent("jdk.ExecutionSample", event -> {
                if (event.getStackTrace() != null
                        && event.getStackTrace()
                                .getFrames()
                                .getFirst()
                                .getMethod()
                                .getName()
                                .equals("spin")) {
                    spun.incrementAndGet();
                }
            });
            samples.startAsync();
            before = Instant.now();
            System.gc();
            start = Instant.now();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long sink = 0;
            while (spun.get() < 5 && System.nanoTime() < deadline) {
                sink += spin(1_000_000);
            }
            assertThat(sink).isNotZero();
            System.gc();
            contendMonitor();
            end = Instant.now();
            recording.stop();
            recording.dump(file);
        }
        Profile outside = new Profile();
        outside.window(new Profile.Window(before.minusSeconds(60), before), 0);
        Profile inside = new Profile();
        inside.window(new Profile.Window(start, end.plusMillis(1)), 0);

        Profile.read(file, List.of(outside, inside));

        assertThat(inside.hotMethods())
                .first()
                .satisfies(top -> assertThat(top.getKey()).isEqualTo(ProfileTest.class.getName() + ".spin"));
        assertThat(inside.collections()).isGreaterThanOrEqualTo(1);
        assertThat(inside.waits("monitor enter").count).isGreaterThanOrEqualTo(1);
        assertThat(inside.waits("monitor enter").bySite)
                .containsKey(ProfileTest.class.getName() + ".lambda$contendMonitor$0");
        // the recording holds the same events, but outside the window: they do not count there
        assertThat(outside.hotMethods())
                .extracting(Map.Entry::getKey)
                .doesNotContain(ProfileTest.class.getName() + ".spin");
        assertThat(outside.waits("monitor enter").bySite)
                .doesNotContainKey(ProfileTest.class.getName() + ".lambda$contendMonitor$0");
    }

    private static long spin(int rounds) {
        long x = 17;
        for (int i = 0; i < rounds; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x | 1;
    }

    /** A second thread blocks on a monitor this thread holds, until it is seen blocked. */
    private static void contendMonitor() throws InterruptedException {
        Object lock = new Object();
        CountDownLatch entered = new CountDownLatch(1);
        Thread blocked;
        synchronized (lock) {
            blocked = Thread.ofPlatform().start(() -> {
                synchronized (lock) {
                    entered.countDown();
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (blocked.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(blocked.getState()).isEqualTo(Thread.State.BLOCKED);
        }
        entered.await();
        blocked.join();
    }
}
