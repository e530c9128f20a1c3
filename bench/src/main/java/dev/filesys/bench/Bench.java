package dev.filesys.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.ParameterException;

/**
 * Runs the benchmarks of issue 8 in one go and writes {@code bench/results/<date>.md} and {@code .csv} (and
 * {@code latest.md} for a full run). {@code bench/run.sh} builds the jars and installs the tools first.
 */
public final class Bench {

    /** Makes user and file names of this run unique. */
    static final String RUN_TAG = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

    /** What every section needs. */
    record Context(
            Options options,
            Report report,
            Cluster cluster,
            Nginx nginx,
            Cluster.Service balancer,
            Cluster.Service fileService,
            Api api) {}

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (ParameterException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println("Try 'bench/run.sh --help' for the options.");
            System.exit(2);
            return;
        }
        if (options != null) {
            System.exit(run(options, args));
        }
    }

    static int run(Options options, String[] args) throws Exception {
        for (String tool : List.of("wrk", "nginx", "rclone", "curl", "openssl", "dd")) {
            if (!Proc.available(tool)) {
                System.err.println("bench: " + tool + " is missing (bench/run.sh installs it)");
                return 2;
            }
        }
        Proc.run(Duration.ofHours(1), "rm", "-rf", options.work().toString());
        Files.createDirectories(options.work());
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        String loadBefore = loadAverage();
        Report report = new Report();
        List<String> failures = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        log("work directory " + options.work() + ", load " + loadBefore);

        try {
            measure(options, report, failures, loads);
        } finally {
            finish(options, args, started, loadBefore, report, loads, failures);
            if (!options.keepWork()) {
                log("deleting " + options.work());
                // rm walks the hundreds of thousands of small files faster than Files.walkFileTree
                Proc.run(Duration.ofHours(1), "rm", "-rf", options.work().toString());
            }
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private static void measure(Options options, Report report, List<String> failures, List<String> loads)
            throws Exception {
        try (Cluster cluster = new Cluster(options)) {
            cluster.startDatabase();
            Cluster.Service balancer = cluster.startBalancer("balancer", List.of());
            Cluster.Service fileService = cluster.startFileService("file-1", balancer, List.of("-Xmx1g"), List.of());
            try (Nginx nginx = Nginx.start(options)) {
                Context context =
                        new Context(options, report, cluster, nginx, balancer, fileService, new Api(balancer.url()));
                awaitAssignment(context.api());
                section(options, "large", "1. Large files", failures, loads, () -> new LargeFiles(context).run());
                section(options, "small", "2. Small files", failures, loads, () -> new SmallFiles(context).run());
                section(options, "balancer", "3. Balancer", failures, loads, () -> new BalancerBench(context).run());
                section(options, "sessions", "4. Sessions", failures, loads, () -> new Sessions(context).run());
                section(options, "memory", "5. Memory", failures, loads, () -> new MemoryBench(context).run());
            }
        }
    }

    private static void finish(
            Options options,
            String[] args,
            ZonedDateTime started,
            String loadBefore,
            Report report,
            List<String> loads,
            List<String> failures)
            throws IOException {
        String loadAfter = loadAverage();
        Duration took = Duration.between(started, ZonedDateTime.now(ZoneOffset.UTC));
        String header = header(options, args, started, took, loadBefore, loadAfter, loads, failures);
        boolean full = !options.quick() && options.sections().containsAll(Options.SECTIONS);
        String name = started.withZoneSameInstant(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm", Locale.ROOT))
                + (options.quick() ? "-quick" : full ? "" : "-partial");
        Path markdown = options.out().resolve(name + ".md");
        report.write(markdown, options.out().resolve(name + ".csv"), header);
        if (full) {
            Files.writeString(options.out().resolve("latest.md"), report.markdown(header));
            Files.writeString(options.out().resolve("latest.csv"), report.csv());
        }
        log("report: " + markdown + (full ? " (and latest.md)" : ""));
        System.out.println(report.markdown(header));
    }

    @FunctionalInterface
    private interface Section {
        void run() throws Exception;
    }

    private static void section(
            Options options, String key, String title, List<String> failures, List<String> loads, Section section) {
        if (!options.runs(key)) {
            return;
        }
        String load = loadAverage();
        loads.add(title + ": " + load);
        log("== " + title + " (load " + load + ")");
        long start = System.nanoTime();
        try {
            section.run();
        } catch (Exception | Error e) {
            failures.add(title + ": " + e);
            log(title + " failed: " + describe(e));
        }
        log("== " + title + " took "
                + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
    }

    private static void awaitAssignment(Api api) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                api.assign();
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the balancer assigns no server: " + e.getMessage());
                }
            }
            Cluster.pause(Duration.ofMillis(250));
        }
    }

    private static String header(
            Options options,
            String[] args,
            ZonedDateTime started,
            Duration took,
            String loadBefore,
            String loadAfter,
            List<String> loads,
            List<String> failures) {
        String command = System.getenv().getOrDefault("BENCH_COMMAND", "bench " + String.join(" ", args));
        StringBuilder md = new StringBuilder();
        md.append("# filesys benchmarks, ")
                .append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)))
                .append("\n\n");
        md.append("- command: `").append(command.strip()).append("`\n");
        md.append("- runs per comparison: ")
                .append(options.runs())
                .append(" (alternated: A B / B A, or rotated A B C / B C A / C A B), load runs of ")
                .append(options.duration().toSeconds())
                .append(" s; figures are medians with min – max over the runs")
                .append(
                        options.quick()
                                ? "; **quick run** (smaller files, fewer runs): check the harness, not the" + " figures"
                                : "")
                .append('\n');
        md.append("- took ")
                .append(took.toMinutes())
                .append(" min; git ")
                .append(git(options))
                .append('\n');
        md.append("- machine: ")
                .append(String.join(
                        "; ",
                        Runtime.getRuntime().availableProcessors() + " cores, " + memTotal() + ", "
                                + oneLine("uname", "-sr"),
                        "JVM " + System.getProperty("java.vm.name") + ' ' + System.getProperty("java.version"),
                        Nginx.version(),
                        Rclone.version(),
                        oneLine("wrk", "-v").replaceAll(" \\[.*", ""),
                        oneLine("curl", "--version").replaceAll(" \\(.*", ""),
                        oneLine("openssl", "version")))
                .append('\n');
        md.append("- load average (1, 5, 15 min) at start: ")
                .append(loadBefore)
                .append("; at the end: ")
                .append(loadAfter)
                .append("; at each section: ")
                .append(String.join("; ", loads))
                .append(" — the machine is shared, a load above ~1 means other work competed for the 2 cores\n");
        if (!failures.isEmpty()) {
            md.append("\n**Failed sections** (their figures are missing or partial):\n\n");
            for (String failure : failures) {
                md.append("- ").append(failure.replace("\n", " ")).append('\n');
            }
        }
        md.append(
                "\nAll traffic is on loopback; the load generators (curl, wrk, the Java generator) share the machine with"
                        + " the servers. See docs/benchmarks.md for what each figure means.\n");
        return md.toString();
    }

    /** An exception with its causes and where each was thrown, for the console. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(8, frames.length); i++) {
                text.append("    at ").append(frames[i]).append('\n');
            }
            if (t.getCause() != null) {
                text.append("  caused by: ");
            }
        }
        return text.toString();
    }

    static void log(String message) {
        System.err.println(LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)) + " bench: "
                + message);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.0f GiB RAM", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException e) {
            // below
        }
        return "unknown RAM";
    }

    private static String git(Options options) {
        String commit = oneLine("git", "-C", options.repo().toString(), "rev-parse", "--short", "HEAD");
        String dirty =
                Proc.run(Duration.ofSeconds(10), "git", "-C", options.repo().toString(), "status", "--porcelain")
                                .out()
                                .isBlank()
                        ? ""
                        : " (with uncommitted changes)";
        return commit + dirty;
    }

    private static String oneLine(String... command) {
        try {
            return Proc.run(Duration.ofSeconds(10), command)
                    .out()
                    .lines()
                    .findFirst()
                    .orElse("")
                    .strip();
        } catch (RuntimeException e) {
            return command[0] + " unknown";
        }
    }
}
