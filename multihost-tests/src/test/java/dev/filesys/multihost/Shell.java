package dev.filesys.multihost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs short commands (ip, nft, curl, openssl …) to completion, with a bound on how long they may take. */
final class Shell {

    private Shell() {}

    /** What a finished command printed and how it exited. */
    record Result(int exit, String out, String err) {

        Result orThrow(List<String> command) {
            if (exit != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " exited with " + exit + ": " + err.strip() + " " + out.strip());
            }
            return this;
        }
    }

    /** Runs {@code command}; fails when it does not end within {@code timeout}. */
    static Result run(List<String> command, Map<String, String> environment, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("multihost-out", ".txt");
            err = Files.createTempFile("multihost-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout);
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    static Result run(List<String> command) {
        return run(command, Map.of(), Duration.ofSeconds(30));
    }

    /** Runs {@code command} and fails unless it exits with 0. */
    static Result must(String... command) {
        return run(List.of(command)).orThrow(List.of(command));
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left behind is no reason to fail a test
            }
        }
    }
}
