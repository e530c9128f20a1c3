package dev.filesys.cli.progress;

import dev.filesys.cli.client.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines, for logs and scripts: {@code upload report.pdf 52428800/104857600 bytes 50% 31.2 MiB/s},
 * at most one line per interval, and always one when the transfer starts and ends.
 */
public final class PlainProgress implements ProgressListener {

    private final String label;
    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final long intervalNanos;

    private long total;
    private long startDone;
    private long startNanos;
    private long lastLineNanos;
    private long lastLineDone = -1;

    public PlainProgress(String label, PrintStream out) {
        this(label, out, System::nanoTime, Duration.ofSeconds(1));
    }

    /**
     * @param label what is transferred, e.g. {@code upload report.pdf}
     * @param nanoTime the clock (a fake one in tests)
     * @param interval the least time between two lines
     */
    public PlainProgress(String label, PrintStream out, LongSupplier nanoTime, Duration interval) {
        this.label = label;
        this.out = out;
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void started(long total, long done) {
        this.total = total;
        this.startDone = done;
        this.startNanos = nanoTime.getAsLong();
        this.lastLineNanos = startNanos;
        this.lastLineDone = done;
        out.println(done > 0 ? line(done) + " (resumed)" : line(done));
    }

    @Override
    public void advanced(long done) {
        long now = nanoTime.getAsLong();
        if (now - lastLineNanos >= intervalNanos) {
            lastLineNanos = now;
            lastLineDone = done;
            out.println(line(done));
        }
    }

    /** Prints the last line, unless the previous line already said the same amount. */
    @Override
    public void finished(long done) {
        if (done != lastLineDone) {
            out.println(line(done));
        }
        lastLineDone = done;
    }

    /** One line, e.g. {@code upload report.pdf 52428800/104857600 bytes 50% 31.2 MiB/s}. */
    String line(long done) {
        long percent = total <= 0 ? 100 : Math.min(100, done * 100 / total);
        double seconds = (nanoTime.getAsLong() - startNanos) / 1e9;
        double rate = seconds <= 0 ? 0 : Math.max(0, done - startDone) / seconds;
        return String.format(Locale.ROOT, "%s %d/%d bytes %d%% %s", label, done, total, percent, ByteUnits.rate(rate));
    }
}
