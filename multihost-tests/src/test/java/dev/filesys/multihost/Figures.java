package dev.filesys.multihost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The figures each scenario measured (time to move clients, bytes resumed, requests refused …), printed to the test
 * output and collected in {@code target/multihost-figures.md}, the module's report.
 */
final class Figures {

    private static final Path REPORT = Path.of("target", "multihost-figures.md");

    private Figures() {}

    static synchronized void start() {
        write("# Multi-host figures (" + Instant.now() + ")\n\n", StandardOpenOption.TRUNCATE_EXISTING);
    }

    static synchronized void scenario(String name) {
        System.out.println("== " + name);
        write("\n## " + name + "\n\n", StandardOpenOption.APPEND);
    }

    static synchronized void record(String what, Object value) {
        System.out.println("   " + what + ": " + value);
        write("- " + what + ": " + value + "\n", StandardOpenOption.APPEND);
    }

    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB (%d bytes)", bytes / 1048576.0, bytes);
    }

    private static void write(String text, StandardOpenOption mode) {
        try {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, text, StandardOpenOption.CREATE, mode, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
