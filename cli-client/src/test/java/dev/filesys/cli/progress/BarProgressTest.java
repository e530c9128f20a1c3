package dev.filesys.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import org.junit.jupiter.api.Test;

/** The bar as a terminal of 100 columns would show it: redrawn in place with a carriage return. */
class BarProgressTest {

    private static final long MIB = 1024 * 1024;

    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    private final PrintStream screen = new PrintStream(terminal, true, StandardCharsets.UTF_8);
    private final BarProgress bar =
            new BarProgress("upload report.pdf", new ConsoleProgressBarConsumer(screen, 100), 10);

    @Test
    void theBarShowsTaskPercentageAmountRateAndEta() {
        bar.started(100 * MIB, 0);
        bar.advanced(50 * MIB);

        await().atMost(Duration.ofSeconds(5)).until(() -> lastFrame().contains(" 50%"));
        // the rate needs a second of history: until then the bar shows "? MiB/s"
        await().atMost(Duration.ofSeconds(5)).until(() -> lastFrame().matches(".*\\d+\\.\\d MiB/s$"));
        String frame = lastFrame();
        assertThat(frame).startsWith("upload report.pdf");
        assertThat(frame).contains("50/100 MiB").containsPattern("\\[=+ +\\]");
        assertThat(frame).containsPattern("\\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\)");
        assertThat(frame.length()).isLessThanOrEqualTo(100);

        bar.finished(100 * MIB);
        assertThat(lastFrame()).contains("100%").contains("100/100 MiB");
        assertThat(terminal.toString(StandardCharsets.UTF_8)).endsWith(System.lineSeparator());
    }

    @Test
    void aResumedTransferStartsPartWayAlong() {
        bar.started(4 * MIB, 3 * MIB);

        await().atMost(Duration.ofSeconds(5)).until(() -> lastFrame().contains(" 75%"));
        assertThat(lastFrame()).contains("3/4 MiB");
        bar.finished(4 * MIB);
    }

    @Test
    void aFailedTransferLeavesTheBarWhereItStood() {
        TransferProgress display = TransferProgress.of(TransferProgress.Mode.NONE, "x", screen);
        display.started(10, 0);
        display.close();
        assertThat(terminal.size()).isZero();

        bar.started(10 * MIB, 0);
        bar.advanced(2 * MIB);
        bar.abandon();
        assertThat(lastFrame()).contains(" 20%");
    }

    /** What the terminal shows after the last carriage return. */
    private String lastFrame() {
        String output = terminal.toString(StandardCharsets.UTF_8).stripTrailing();
        return output.substring(output.lastIndexOf('\r') + 1);
    }
}
