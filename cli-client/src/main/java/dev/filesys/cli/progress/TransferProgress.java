package dev.filesys.cli.progress;

import dev.filesys.cli.client.ProgressListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;

/** A progress display for one transfer; closing it ends the display also when the transfer failed. */
public interface TransferProgress extends ProgressListener, AutoCloseable {

    @Override
    void close();

    /** How progress is shown. */
    enum Mode {
        /** A redrawn bar with rate and ETA: for a terminal. */
        BAR,
        /** A line every second: for logs and scripts. */
        PLAIN,
        /** Nothing. */
        NONE
    }

    /** A display for a transfer called {@code label} (e.g. {@code upload report.pdf}), drawn on {@code out}. */
    static TransferProgress of(Mode mode, String label, PrintStream out) {
        ProgressListener listener = switch (mode) {
            case BAR -> new BarProgress(label, new ConsoleProgressBarConsumer(out), 200);
            case PLAIN -> new PlainProgress(label, out);
            case NONE -> ProgressListener.NONE;
        };
        return new TransferProgress() {
            private boolean open = true;

            @Override
            public void started(long total, long done) {
                listener.started(total, done);
            }

            @Override
            public void advanced(long done) {
                listener.advanced(done);
            }

            @Override
            public void finished(long done) {
                open = false;
                listener.finished(done);
            }

            @Override
            public void close() {
                if (open && listener instanceof BarProgress bar) {
                    bar.abandon();
                }
                open = false;
            }
        };
    }
}
