package dev.filesys.cli.progress;

import dev.filesys.cli.client.ProgressListener;
import java.text.DecimalFormat;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress as a bar with percentage, MiB done, rate and ETA (the progressbar library), for a terminal. */
public final class BarProgress implements ProgressListener {

    private static final long MIB = 1024 * 1024;

    private final String label;
    private final ProgressBarConsumer consumer;
    private final int updateIntervalMillis;
    private ProgressBar bar;

    /**
     * @param label what is transferred, e.g. {@code upload report.pdf}
     * @param consumer where the rendered bar goes (the console, or a fake terminal in tests)
     * @param updateIntervalMillis how often the bar is redrawn
     */
    public BarProgress(String label, ProgressBarConsumer consumer, int updateIntervalMillis) {
        this.label = label;
        this.consumer = consumer;
        this.updateIntervalMillis = updateIntervalMillis;
    }

    @Override
    public void started(long total, long done) {
        if (bar != null) {
            bar.stepTo(done);
            return;
        }
        bar = new ProgressBarBuilder()
                .setTaskName(label)
                .setInitialMax(total)
                .startsFrom(done, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" MiB", MIB)
                .showSpeed(new DecimalFormat("0.0"))
                .setUpdateIntervalMillis(updateIntervalMillis)
                .continuousUpdate()
                .setConsumer(consumer)
                .build();
    }

    @Override
    public void advanced(long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    @Override
    public void finished(long done) {
        if (bar != null) {
            bar.stepTo(done);
            bar.close();
            bar = null;
        }
    }

    /** Ends the display where it stands (the transfer failed). */
    void abandon() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
