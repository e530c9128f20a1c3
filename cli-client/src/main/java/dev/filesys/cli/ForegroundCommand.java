package dev.filesys.cli;

import java.util.function.Supplier;

/**
 * The shell command running now, so that Ctrl-C stops it rather than the shell. The command's thread is interrupted:
 * a transfer waiting on the network ends (an upload stays resumable, a download leaves only its {@code .part} file),
 * and the shell reads the next line.
 */
final class ForegroundCommand {

    private volatile Thread running;

    /** Runs {@code command} on this thread as the one Ctrl-C interrupts. */
    <T> T run(Supplier<T> command) {
        running = Thread.currentThread();
        try {
            return command.get();
        } finally {
            running = null;
            // an interrupt that came as the command ended is not meant for the next line
            Thread.interrupted();
        }
    }

    /** Ctrl-C: interrupts the running command, if any (at the prompt, JLine handles Ctrl-C itself). */
    void interrupt() {
        Thread thread = running;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
