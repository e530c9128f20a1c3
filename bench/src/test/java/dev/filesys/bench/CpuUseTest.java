package dev.filesys.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuUseTest {

    @TempDir
    Path proc;

    @Test
    void busyShareAndCpuPerRequestComeFromTheDifferencesOfTheCounters() throws IOException {
        // user nice system idle iowait irq softirq steal guest guest_nice
        machine("cpu  1000 0 500 8000 500 0 0 0 0 0");
        process(42, "java", 300, 100);
        process(7, "postgres", 50, 50);
        process(8, "postgres", 20, 10);
        process(9, "wrk", 500, 500);
        CpuUse before = CpuUse.now(proc, CpuUse.pid(42));

        // 200 ticks pass (2 cores, 1 s): 150 of them busy
        machine("cpu  1100 0 550 8040 510 0 0 0 0 0");
        process(42, "java", 380, 120); // +100 ticks
        process(7, "postgres", 70, 60); // +30
        process(8, "postgres", 30, 10); // +10
        process(9, "wrk", 600, 600);
        CpuUse after = CpuUse.now(proc, CpuUse.pid(42));

        assertThat(after.busyPercentSince(before)).isCloseTo(75.0, within(1e-9));
        // 100 ticks are 1 s of CPU: over 500 requests, 2 ms each; PostgreSQL's 40 ticks, 0.8 ms
        assertThat(after.serverMicrosPerRequestSince(before, 500)).isCloseTo(2_000, within(1e-6));
        assertThat(after.postgresMicrosPerRequestSince(before, 500)).isCloseTo(800, within(1e-6));
    }

    @Test
    void aProcessNameWithSpacesAndParenthesesDoesNotShiftTheFields() throws IOException {
        machine("cpu  1 0 1 1 0 0 0 0 0 0");
        process(42, "java (main) x", 12, 34);

        assertThat(CpuUse.now(proc, CpuUse.pid(42)).server()).isEqualTo(46);
    }

    @Test
    void aServerOfSeveralProcessesCountsThemAll() throws IOException {
        machine("cpu  1 0 1 1 0 0 0 0 0 0");
        process(10, "nginx", 5, 5);
        process(11, "nginx", 20, 10);
        process(12, "postgres", 7, 0);

        CpuUse now = CpuUse.now(proc, CpuUse.named("nginx"));

        assertThat(now.server()).isEqualTo(40);
        assertThat(now.postgres()).isEqualTo(7);
    }

    private void machine(String cpuLine) throws IOException {
        Files.writeString(proc.resolve("stat"), cpuLine + "\ncpu0 0 0 0 0 0 0 0 0 0 0\n");
    }

    private void process(long pid, String name, long utime, long stime) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("comm"), name + "\n");
        Files.writeString(
                dir.resolve("stat"),
                pid + " (" + name + ") S 1 1 1 0 -1 4194304 100 0 0 0 " + utime + " " + stime
                        + " 0 0 20 0 1 0 100 1000 10\n");
    }
}
