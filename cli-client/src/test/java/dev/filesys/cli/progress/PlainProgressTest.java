package dev.filesys.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PlainProgressTest {

    private static final long MIB = 1024 * 1024;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final PlainProgress progress =
            new PlainProgress("upload report.pdf", out, nanos::get, Duration.ofSeconds(1));

    @Test
    void linesSayWhatHowMuchOfHowMuchAndHowFast() {
        progress.started(100 * MIB, 0);
        nanos.addAndGet(Duration.ofMillis(1600).toNanos());
        progress.advanced(50 * MIB);

        assertThat(lines())
                .containsExactly(
                        "upload report.pdf 0/104857600 bytes 0% 0 B/s",
                        "upload report.pdf 52428800/104857600 bytes 50% 31.3 MiB/s");
    }

    @Test
    void atMostOneLinePerIntervalButAlwaysTheLastOne() {
        progress.started(10 * MIB, 0);
        for (int i = 1; i <= 10; i++) {
            nanos.addAndGet(Duration.ofMillis(300).toNanos());
            progress.advanced(i * MIB);
        }
        progress.finished(10 * MIB);

        assertThat(lines())
                .containsExactly(
                        "upload report.pdf 0/10485760 bytes 0% 0 B/s",
                        "upload report.pdf 4194304/10485760 bytes 40% 3.3 MiB/s",
                        "upload report.pdf 8388608/10485760 bytes 80% 3.3 MiB/s",
                        "upload report.pdf 10485760/10485760 bytes 100% 3.3 MiB/s");
    }

    @Test
    void aResumedTransferSaysSoAndCountsItsRateFromWhereItResumed() {
        progress.started(4 * MIB, 3 * MIB);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        progress.finished(4 * MIB);

        assertThat(lines())
                .containsExactly(
                        "upload report.pdf 3145728/4194304 bytes 75% 0 B/s (resumed)",
                        "upload report.pdf 4194304/4194304 bytes 100% 512.0 KiB/s");
    }

    @Test
    void theLastAmountIsNotSaidTwice() {
        progress.started(2 * MIB, 0);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        progress.advanced(2 * MIB);
        progress.finished(2 * MIB);

        assertThat(lines())
                .containsExactly(
                        "upload report.pdf 0/2097152 bytes 0% 0 B/s",
                        "upload report.pdf 2097152/2097152 bytes 100% 2.0 MiB/s");
    }

    @Test
    void anEmptyFileIsDoneAtOnce() {
        progress.started(0, 0);
        progress.finished(0);

        assertThat(lines()).containsExactly("upload report.pdf 0/0 bytes 100% 0 B/s");
    }

    @Test
    void unitsAreBinary() {
        assertThat(ByteUnits.size(0)).isEqualTo("0 B");
        assertThat(ByteUnits.size(1023)).isEqualTo("1023 B");
        assertThat(ByteUnits.size(1024)).isEqualTo("1.0 KiB");
        assertThat(ByteUnits.size(50 * MIB)).isEqualTo("50.0 MiB");
        assertThat(ByteUnits.size(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GiB");
        assertThat(ByteUnits.rate(31.2 * MIB)).isEqualTo("31.2 MiB/s");
    }

    private String[] lines() {
        return bytes.toString(StandardCharsets.UTF_8).split("\n");
    }
}
