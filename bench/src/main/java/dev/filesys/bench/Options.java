package dev.filesys.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

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

    /**
     * @return the options, or null when {@code --help} or {@code --version} asked for nothing else (and got it)
     * @throws ParameterException for an unknown option or a bad value, with a message for the user
     */
    static Options parse(String... args) {
        CommandLine commandLine = new CommandLine(new Arguments());
        commandLine.parseArgs(args);
        if (CommandLine.printHelpIfRequested(commandLine.getParseResult())) {
            return null;
        }
        return commandLine.<Arguments>getCommand().toOptions(commandLine);
    }

    boolean runs(String section) {
        return sections.contains(section);
    }

    @Command(
            name = "bench/run.sh",
            mixinStandardHelpOptions = true,
            version = "filesys bench",
            sortOptions = false,
            description = {
                "Measures filesys next to nginx and the machine's limits, and writes a report (docs/benchmarks.md).",
                "bench/run.sh also takes --no-build (use the jars already built) and --compare-rev REV (build the",
                "file-service of commit REV and pass it as --compare-jar)."
            })
    static final class Arguments {

        @Option(names = "--quick", description = "smaller files, 2 runs of 3 s: checks the harness")
        boolean quick;

        @Option(names = "--runs", paramLabel = "N", description = "runs per comparison (default: 5, quick 2)")
        Integer runs;

        @Option(names = "--duration", paramLabel = "SECONDS", description = "per load run (default: 6, quick 3)")
        Integer seconds;

        @Option(
                names = "--only",
                paramLabel = "SECTION",
                split = ",",
                description = "of: large, small, sessions, balancer, memory (default: all)")
        List<String> only = SECTIONS;

        @Option(names = "--repo", paramLabel = "DIR", description = "the repository root (default: .)")
        Path repo = Path.of(".");

        @Option(names = "--out", paramLabel = "DIR", description = "for the report (default: bench/results)")
        Path out;

        @Option(
                names = "--work",
                paramLabel = "DIR",
                description = "scratch, deleted at the end (default: ${DEFAULT-VALUE})")
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "filesys-bench");

        @Option(names = "--keep-work", description = "keep the scratch directory")
        boolean keepWork;

        @Option(names = "--jfr", description = "record a JFR profile of each file-service into the scratch directory")
        boolean jfr;

        @Option(names = "--file-service-jar", paramLabel = "JAR", description = "measure this instead of the one built")
        Path fileServiceJar;

        @Option(names = "--compare-jar", paramLabel = "JAR", description = "small files: measure this one too")
        Path compareJar;

        Options toOptions(CommandLine commandLine) {
            for (Integer count : new Integer[] {runs, seconds}) {
                if (count != null && count < 1) {
                    throw new ParameterException(commandLine, "--runs and --duration need a positive number");
                }
            }
            only.stream()
                    .filter(section -> !SECTIONS.contains(section))
                    .findFirst()
                    .ifPresent(unknown -> {
                        throw new ParameterException(commandLine, "unknown section '" + unknown + "'");
                    });
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
                    new LinkedHashSet<>(only),
                    keepWork,
                    jfr,
                    fileServiceJar != null ? fileServiceJar.toAbsolutePath() : null,
                    compareJar != null ? compareJar.toAbsolutePath() : null);
        }
    }
}
