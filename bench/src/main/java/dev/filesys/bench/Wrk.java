package dev.filesys.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs wrk with a generated Lua script. Every script ends with the same {@code done} function, which prints the
 * request count, the exact duration, the error counts and the latency percentiles on one line.
 */
final class Wrk {

    /** One wrk run. */
    record Result(long requests, double seconds, long errors, double p50Millis, double p99Millis) {

        double perSecond() {
            return requests / seconds;
        }
    }

    static final String DONE = """
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format(
                "BENCH requests=%d duration_us=%d status=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d\\n",
                summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
                latency:percentile(50), latency:percentile(99)))
            end
            """;

    /** Gives each wrk thread a number ({@code tid}), for unique names. */
    static final String THREAD_IDS = """
            local thread_count = 0
            setup = function(thread)
              thread_count = thread_count + 1
              thread:set("tid", thread_count)
            end
            """;

    private static final Pattern LINE = Pattern.compile("BENCH (.*)");

    private Wrk() {}

    static Path script(Path dir, String name, String body) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".lua");
        Files.writeString(file, body + "\n" + DONE);
        return file;
    }

    /** A Lua table literal of strings. */
    static String table(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",\n  ", "{\n  ", "\n}"));
    }

    /**
     * Runs wrk against {@code url} with {@code connections} connections for {@code duration}; fails when any request
     * failed (so a figure never silently counts errors).
     */
    static Result run(Path script, String url, int connections, Duration duration, String... scriptArgs) {
        List<String> command = new ArrayList<>(List.of(
                "wrk",
                "-t" + Math.min(2, connections),
                "-c" + connections,
                "-d" + duration.toSeconds() + "s",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                url));
        if (scriptArgs.length > 0) {
            command.add("--");
            command.addAll(List.of(scriptArgs));
        }
        Proc.Result result = Proc.run(duration.plusSeconds(60), command).orThrow("wrk");
        Matcher matcher = LINE.matcher(result.out());
        if (!matcher.find()) {
            throw new IllegalStateException("wrk printed no result: " + Proc.tail(result.out()));
        }
        Map<String, Long> values = Pattern.compile(" ")
                .splitAsStream(matcher.group(1).strip())
                .map(pair -> pair.split("="))
                .collect(Collectors.toMap(pair -> pair[0], pair -> Long.parseLong(pair[1])));
        long errors = Stream.of("status", "connect", "read", "write", "timeout")
                .mapToLong(values::get)
                .sum();
        Result parsed = new Result(
                values.get("requests"),
                values.get("duration_us") / 1e6,
                errors,
                values.get("p50_us") / 1000.0,
                values.get("p99_us") / 1000.0);
        if (errors > 0) {
            throw new IllegalStateException("wrk " + script.getFileName() + " against " + url + ": " + errors + " of "
                    + parsed.requests() + " requests failed (" + matcher.group(1) + ")");
        }
        return parsed;
    }
}
