package dev.filesys.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * What to run and how long, from the command line ({@code --runs 3} or {@code --runs=3}).
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

    /** @throws ParameterException for an unknown option or a bad value, with a message for the user */
    static Options parse(String... args) {
        CommandLine commandLine = commandLine();
        commandLine.parseArgs(args);
        return commandLine.<Arguments>getCommand().toOptions();
    }

    static CommandLine commandLine() {
        return new CommandLine(new Arguments());
    }

    boolean runs(String section) {
        return sections.contains(section);
    }

    @Command(
            name = "bench/run.sh",
            mixinStandardHelpOptions = true,
            version = "filesys bench",
            sortOptions = false,
            usageHelpWidth = 110,
            description = {
                "Measures filesys' throughput, latency and memory next to nginx and the machine's limits, and writes"
                        + " a report (docs/benchmarks.md).",
                "bench/run.sh also takes --no-build: use the jars already built."
            })
    static final class Arguments {

        @Option(names = "--quick", description = "smaller files, 2 runs of 3 s: checks the harness in minutes")
        boolean quick;

        @Option(
                names = "--runs",
                paramLabel = "N",
                converter = Positive.class,
                description = "alternated runs per comparison (default: 5, quick 2)")
        Integer runs;

        @Option(
                names = "--duration",
                paramLabel = "SECONDS",
                converter = Positive.class,
                description = "seconds per load run (default: 6, quick 3)")
        Integer seconds;

        @Option(
                names = "--only",
                paramLabel = "SECTION",
                split = ",",
                description = "some sections only, of: ${COMPLETION-CANDIDATES} (default: all)",
                completionCandidates = Sections.class,
                converter = Section.class)
        List<String> only;

        @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".", description = "the repository root")
        Path repo;

        @Option(names = "--out", paramLabel = "DIR", description = "where the report goes (default: bench/results)")
        Path out;

        @Option(
                names = "--work",
                paramLabel = "DIR",
                defaultValue = "${sys:java.io.tmpdir}/filesys-bench",
                description = "scratch directory, deleted at the end (default: ${DEFAULT-VALUE})")
        Path work;

        @Option(names = "--keep-work", description = "keep the scratch directory")
        boolean keepWork;

        @Option(
                names = "--jfr",
                description = "record a JFR profile of each file-service JVM into the scratch directory")
        boolean jfr;

        @Option(
                names = "--file-service-jar",
                paramLabel = "JAR",
                description = "measure this file-service jar instead of the one built")
        Path fileServiceJar;

        @Option(
                names = "--compare-jar",
                paramLabel = "JAR",
                description = "small-file section: also measure this file-service jar, alternated run by run")
        Path compareJar;

        Options toOptions() {
            Path root = repo.toAbsolutePath().normalize();
            return new Options(
                    root,
                    (out != null ? out : root.resolve("bench/results")).toAbsolutePath(),
                    work.toAbsolutePath(),
                    quick,
                    runs != null ? runs : quick ? 2 : 5,
                    Duration.ofSeconds(seconds != null ? seconds : quick ? 3 : 6),
                    quick ? 256L << 20 : 1L << 30,
                    quick ? 512L << 20 : 2L << 30,
                    quick ? 2_000 : 10_000,
                    quick ? 500 : 2_000,
                    only != null ? new LinkedHashSet<>(only) : new LinkedHashSet<>(SECTIONS),
                    keepWork,
                    jfr,
                    fileServiceJar != null ? fileServiceJar.toAbsolutePath() : null,
                    compareJar != null ? compareJar.toAbsolutePath() : null);
        }
    }

    static final class Positive implements ITypeConverter<Integer> {

        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new TypeConversionException("needs a positive number, not '" + value + "'");
        }
    }

    static final class Section implements ITypeConverter<String> {

        @Override
        public String convert(String value) {
            if (!SECTIONS.contains(value)) {
                throw new TypeConversionException("unknown section '" + value + "'");
            }
            return value;
        }
    }

    /** The section names, for the help. */
    static final class Sections extends ArrayList<String> {
        Sections() {
            super(SECTIONS);
        }
    }
}
