package dev.filesys.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What to run and how long, from {@code --name=value} arguments.
 *
 * @param repo the repository root (service jars under {@code <module>/target/})
 * @param out where the report goes ({@code bench/results})
 * @param work scratch directory: database, blobs, nginx root, test files (deleted afterwards unless kept)
 * @param quick a short run to check the harness: smaller files, fewer and shorter runs
 * @param runs how many alternated runs per comparison
 * @param duration length of one load run (wrk or the Java generator)
 * @param largeBytes size of the large file
 * @param memoryBytes size of the file streamed through the 256 MiB service
 * @param idleSessions idle sessions (each with an open connection) for the memory-per-connection figure
 * @param streamConnections connections for the event-stream figure
 * @param sections which sections to run
 * @param keepWork keep the scratch directory
 * @param jfr record a JFR profile of the file-service JVM(s) into the scratch directory
 * @param fileServiceJar a file-service jar to measure instead of the built one (before/after comparisons), or null
 * @param compareJar a second file-service jar (e.g. the one before a change) that the small-file section measures
 *     alternated with the first, run by run, or null
 */
record Options(
        Path repo,
        Path out,
        Path work,
        boolean quick,
        int runs,
        Duration duration,
        long largeBytes,
        long memoryBytes,
        int idleSessions,
        int streamConnections,
        Set<String> sections,
        boolean keepWork,
        boolean jfr,
        Path fileServiceJar,
        Path compareJar) {

    static final List<String> SECTIONS = List.of("large", "small", "sessions", "balancer", "memory");

    static final String USAGE = """
            usage: bench [--quick] [--runs=N] [--duration=SECONDS] [--only=large,small,sessions,balancer,memory]
                         [--repo=DIR] [--out=DIR] [--work=DIR] [--keep-work] [--jfr] [--file-service-jar=JAR]
                         [--compare-jar=JAR]
            """;

    static Options parse(String[] args) {
        boolean quick = false;
        Integer runs = null;
        Integer seconds = null;
        Set<String> sections = new LinkedHashSet<>(SECTIONS);
        Path repo = Path.of(".");
        Path out = null;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "filesys-bench");
        boolean keep = false;
        boolean jfr = false;
        Path fileServiceJar = null;
        Path compareJar = null;
        for (String arg : args) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            switch (name) {
                case "--quick" -> quick = true;
                case "--runs" -> runs = positive(name, value);
                case "--duration" -> seconds = positive(name, value);
                case "--only" -> {
                    sections = new LinkedHashSet<>(List.of(value.split(",")));
                    for (String section : sections) {
                        if (!SECTIONS.contains(section)) {
                            throw new IllegalArgumentException("unknown section '" + section + "'");
                        }
                    }
                }
                case "--repo" -> repo = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--work" -> work = Path.of(value);
                case "--keep-work" -> keep = true;
                case "--jfr" -> jfr = true;
                case "--file-service-jar" -> fileServiceJar = Path.of(value).toAbsolutePath();
                case "--compare-jar" -> compareJar = Path.of(value).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        repo = repo.toAbsolutePath().normalize();
        return new Options(
                repo,
                (out != null ? out : repo.resolve("bench/results")).toAbsolutePath(),
                work.toAbsolutePath(),
                quick,
                runs != null ? runs : quick ? 2 : 5,
                Duration.ofSeconds(seconds != null ? seconds : quick ? 3 : 6),
                quick ? 256L << 20 : 1L << 30,
                quick ? 512L << 20 : 2L << 30,
                quick ? 2_000 : 10_000,
                quick ? 500 : 2_000,
                sections,
                keep,
                jfr,
                fileServiceJar,
                compareJar);
    }

    boolean runs(String section) {
        return sections.contains(section);
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " needs a positive number, not '" + value + "'");
    }
}
