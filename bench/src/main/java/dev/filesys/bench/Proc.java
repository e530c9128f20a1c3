package dev.filesys.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** External commands (curl, wrk, dd, openssl) with a time bound, and long-running service processes. */
final class Proc {

    private Proc() {}

    /** What a finished command printed. */
    record Result(int exitCode, String out, double seconds) {

        Result orThrow(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " failed (exit " + exitCode + "): " + tail(out));
            }
            return this;
        }
    }

    /** Runs a command to its end (stdout and stderr together), killing it after the timeout. */
    static Result run(Duration timeout, List<String> command) {
        Path output = null;
        try {
            output = Files.createTempFile("bench-proc", ".out");
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(command.getFirst() + " did not finish within " + timeout);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(process.exitValue(), Files.readString(output), seconds);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file; nothing depends on it
                }
            }
        }
    }

    static Result run(Duration timeout, String... command) {
        return run(timeout, List.of(command));
    }

    static boolean available(String tool) {
        return run(Duration.ofSeconds(10), "sh", "-c", "command -v " + tool).exitCode() == 0;
    }

    /** Stops a process: SIGTERM (services shut down gracefully), then SIGKILL after the grace time. */
    static void stop(Process process, Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= 800 ? trimmed : "…" + trimmed.substring(trimmed.length() - 800);
    }
}
