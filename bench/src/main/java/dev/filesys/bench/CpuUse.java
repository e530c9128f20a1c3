package dev.filesys.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Where the machine's CPU time goes while a figure is measured, from {@code /proc}: how busy all cores were, and the
 * CPU time the measured server (a file-service, nginx's processes, rclone) and PostgreSQL (every process named
 * {@code postgres}) spent per request. A figure with the machine near 100% busy is bound by CPU, and the split says
 * whose.
 *
 * @param total the machine's CPU time so far, all cores, in clock ticks
 * @param idle of which idle (and waiting for I/O)
 * @param server the user and system time of the measured server's processes
 * @param postgres the user and system time of PostgreSQL's processes alive now
 */
record CpuUse(long total, long idle, long server, long postgres) {

    /** Linux's {@code USER_HZ}: {@code /proc} counts CPU time in these ticks per second on every architecture. */
    private static final double TICKS_PER_SECOND = 100;

    /** The measured server as one process. */
    static Predicate<Path> pid(long pid) {
        String name = Long.toString(pid);
        return process -> process.getFileName().toString().equals(name);
    }

    /** The measured server as every process of that name (nginx's master and workers). */
    static Predicate<Path> named(String name) {
        return process -> nameOf(process).equals(name);
    }

    /** The counters now, below {@code proc} (the real {@code /proc}, or a copy of its shape in a test). */
    static CpuUse now(Path proc, Predicate<Path> server) {
        try {
            String[] cpu = Files.readAllLines(proc.resolve("stat")).getFirst().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) { // user … steal; guest time is already in user
                total += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            long serverTicks = 0;
            long postgres = 0;
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, "[0-9]*")) {
                for (Path process : processes) {
                    if (server.test(process)) {
                        serverTicks += ticks(process);
                    } else if (nameOf(process).equals("postgres")) {
                        postgres += ticks(process);
                    }
                }
            }
            return new CpuUse(total, idle, serverTicks, postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the CPU counters below " + proc, e);
        }
    }

    /** How busy the machine was between {@code before} and this, in percent of all cores. */
    double busyPercentSince(CpuUse before) {
        long elapsed = total - before.total;
        return elapsed == 0 ? 0 : 100.0 * (elapsed - (idle - before.idle)) / elapsed;
    }

    /** The server's CPU time per request between {@code before} and this, in microseconds. */
    double serverMicrosPerRequestSince(CpuUse before, long requests) {
        return microsPer(Math.max(0, server - before.server), requests);
    }

    /**
     * PostgreSQL's CPU time per request between {@code before} and this, in microseconds (a backend that ended meanwhile
     * is not counted: the bench keeps its connections pooled).
     */
    double postgresMicrosPerRequestSince(CpuUse before, long requests) {
        return microsPer(Math.max(0, postgres - before.postgres), requests);
    }

    private static double microsPer(long ticks, long requests) {
        return requests == 0 ? 0 : ticks * 1e6 / TICKS_PER_SECOND / requests;
    }

    private static String nameOf(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip();
        } catch (IOException e) {
            return ""; // it ended meanwhile
        }
    }

    /** A process's user plus system time: fields 14 and 15 of its stat line, counted after the parenthesised name. */
    private static long ticks(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (NoSuchFileException e) {
            return 0; // it ended meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + process.resolve("stat"), e);
        }
    }
}
