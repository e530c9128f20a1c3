package dev.filesys.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a JVM did while one figure was measured, from its JFR recording: the hot methods (top frames of the execution
 * samples), where it allocated (top frames of the allocation samples, weighted by their estimated bytes), its GC
 * pauses, and where its threads waited (monitor enter and wait, park, pinned virtual threads, each above the
 * recording's threshold). Only events that start inside the figure's time windows (its wrk runs) count.
 */
final class Profile {

    /** One measured run: events that start in {@code [start, end)} belong to it. */
    record Window(Instant start, Instant end) {

        boolean contains(Instant time) {
            return !time.isBefore(start) && time.isBefore(end);
        }

        Duration length() {
            return Duration.between(start, end);
        }
    }

    /**
     * Waits of one kind: how many, how long in total, how much of it was pool threads idling for work, and the total
     * of the others per site (the innermost frame outside the JDK).
     */
    static final class Waits {
        long count;
        Duration total = Duration.ZERO;
        long idleCount;
        Duration idle = Duration.ZERO;
        final Map<String, Duration> bySite = new HashMap<>();

        void add(String site, Duration duration) {
            count++;
            total = total.plus(duration);
            bySite.merge(site, duration, Duration::plus);
        }

        void addIdle(Duration duration) {
            count++;
            total = total.plus(duration);
            idleCount++;
            idle = idle.plus(duration);
        }
    }

    /**
     * Frames that mark a thread of a pool waiting for its next task (an executor's queue, the fork-join pool that
     * carries virtual threads, a scheduler): such a wait costs the requests nothing.
     */
    private static final List<String> IDLE_FRAMES = List.of(
            "ThreadPoolExecutor.getTask",
            "java.util.concurrent.ForkJoinPool.awaitWork",
            "java.util.concurrent.DelayScheduler.loop",
            "ScheduledThreadPoolExecutor$DelayedWorkQueue.take");

    static final String OWN_CODE = "dev.filesys.";
    private static final int TOP = 5;

    private final List<Window> windows = new ArrayList<>();
    private long requests;
    private long samples;
    private final Map<String, Long> hotMethods = new HashMap<>();
    private final Map<String, Long> ownCode = new HashMap<>();
    private long allocatedBytes;
    private final Map<String, Long> allocations = new HashMap<>();
    private int collections;
    private Duration gcPauses = Duration.ZERO;
    private Duration longestGcPause = Duration.ZERO;
    private final Map<String, Waits> waits = new LinkedHashMap<>();

    Profile() {
        for (String kind : List.of("monitor enter", "monitor wait", "park", "virtual thread pinned")) {
            waits.put(kind, new Waits());
        }
    }

    /** A measured run of this figure, with the requests it served. */
    void window(Window window, long requestsServed) {
        windows.add(window);
        requests += requestsServed;
    }

    boolean covers(Instant time) {
        for (Window window : windows) {
            if (window.contains(time)) {
                return true;
            }
        }
        return false;
    }

    /** An execution sample: its frames, innermost first, as {@code class.method}. */
    void sample(List<String> frames) {
        if (frames.isEmpty()) {
            return;
        }
        samples++;
        hotMethods.merge(frames.getFirst(), 1L, Long::sum);
        for (String frame : frames) {
            if (frame.startsWith(OWN_CODE)) {
                ownCode.merge(frame, 1L, Long::sum);
                break;
            }
        }
    }

    /** An allocation sample: the frame that allocated, the class allocated and the bytes it stands for. */
    void allocation(String frame, String type, long bytes) {
        allocatedBytes += bytes;
        allocations.merge(frame + " (" + type + ")", bytes, Long::sum);
    }

    /** A garbage collection: the sum of its pauses and its longest pause. */
    void collection(Duration pauses, Duration longest) {
        collections++;
        gcPauses = gcPauses.plus(pauses);
        if (longest.compareTo(longestGcPause) > 0) {
            longestGcPause = longest;
        }
    }

    /** A wait of one of the kinds ({@code monitor enter}, {@code monitor wait}, {@code park}, ...). */
    void waited(String kind, String site, Duration duration) {
        waits.computeIfAbsent(kind, k -> new Waits()).add(site, duration);
    }

    /** A wait of a pool's thread for its next task. */
    void idled(String kind, Duration duration) {
        waits.computeIfAbsent(kind, k -> new Waits()).addIdle(duration);
    }

    int collections() {
        return collections;
    }

    Waits waits(String kind) {
        return waits.get(kind);
    }

    /** The hot methods, most samples first: {@code method -> samples}. */
    List<Map.Entry<String, Long>> hotMethods() {
        return top(hotMethods, Comparator.comparingLong(Map.Entry::getValue));
    }

    /** The allocation sites, most bytes first: {@code "method (class)" -> bytes}. */
    List<Map.Entry<String, Long>> allocationSites() {
        return top(allocations, Comparator.comparingLong(Map.Entry::getValue));
    }

    /**
     * Reads a JFR file once and hands each event to every profile whose windows contain the event's start.
     *
     * @param profiles the figures' profiles, each with its windows already added
     */
    static void read(Path jfr, List<Profile> profiles) throws IOException {
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                for (Profile profile : profiles) {
                    if (profile.covers(event.getStartTime())) {
                        profile.add(event);
                    }
                }
            }
        }
    }

    private void add(RecordedEvent event) {
        switch (event.getEventType().getName()) {
            case "jdk.ExecutionSample" -> sample(frames(event.getStackTrace()));
            case "jdk.ObjectAllocationSample" -> {
                List<String> frames = frames(event.getStackTrace());
                RecordedClass type = event.getClass("objectClass");
                allocation(
                        frames.isEmpty() ? "(no stack)" : frames.getFirst(),
                        type == null ? "?" : javaName(type.getName()),
                        event.getLong("weight"));
            }
            case "jdk.GarbageCollection" ->
                collection(event.getDuration("sumOfPauses"), event.getDuration("longestPause"));
            case "jdk.JavaMonitorEnter" -> wait("monitor enter", event);
            case "jdk.JavaMonitorWait" -> wait("monitor wait", event);
            case "jdk.ThreadPark" -> wait("park", event);
            case "jdk.VirtualThreadPinned" -> wait("virtual thread pinned", event);
            default -> {
                // not summarised
            }
        }
    }

    /** {@code [B} as {@code byte[]}, {@code [Ljava.lang.String;} as {@code java.lang.String[]}; others as they are. */
    static String javaName(String descriptor) {
        int dimensions = 0;
        while (dimensions < descriptor.length() && descriptor.charAt(dimensions) == '[') {
            dimensions++;
        }
        if (dimensions == 0) {
            return descriptor;
        }
        String element = descriptor.substring(dimensions);
        String name = switch (element) {
            case "B" -> "byte";
            case "C" -> "char";
            case "D" -> "double";
            case "F" -> "float";
            case "I" -> "int";
            case "J" -> "long";
            case "S" -> "short";
            case "Z" -> "boolean";
            default ->
                element.startsWith("L") && element.endsWith(";") ? element.substring(1, element.length() - 1) : element;
        };
        return name + "[]".repeat(dimensions);
    }

    private static List<String> frames(RecordedStackTrace stack) {
        if (stack == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>(stack.getFrames().size());
        for (RecordedFrame frame : stack.getFrames()) {
            if (frame.getMethod() != null) {
                names.add(frame.getMethod().getType().getName() + "."
                        + frame.getMethod().getName());
            }
        }
        return names;
    }

    private void wait(String kind, RecordedEvent event) {
        List<String> frames = frames(event.getStackTrace());
        if (idle(frames)) {
            idled(kind, event.getDuration());
        } else {
            waited(kind, site(frames), event.getDuration());
        }
    }

    static boolean idle(List<String> frames) {
        for (String frame : frames) {
            for (String marker : IDLE_FRAMES) {
                if (frame.endsWith(marker)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Where a thread waited: the innermost frame outside the JDK (a connection pool, a lock of the service or of
     * Tomcat), else the innermost JDK frame above the parking itself.
     */
    static String site(List<String> frames) {
        for (String frame : frames) {
            if (!frame.startsWith("java.") && !frame.startsWith("jdk.") && !frame.startsWith("sun.")) {
                return frame;
            }
        }
        for (String frame : frames) {
            if (!frame.startsWith("jdk.internal.")
                    && !frame.startsWith("java.util.concurrent.locks.")
                    && !frame.startsWith("java.lang.VirtualThread.")) {
                return frame;
            }
        }
        return frames.isEmpty() ? "(no stack)" : frames.getFirst();
    }

    /** The summary as Markdown: a bold title line and one bullet per kind of figure. */
    String markdown(String title) {
        Duration length = windows.stream().map(Window::length).reduce(Duration.ZERO, Duration::plus);
        double seconds = length.toMillis() / 1000.0;
        StringBuilder md = new StringBuilder(String.format(
                Locale.ROOT,
                "**JFR: %s** (%d %s, %.1f s, %,d requests; %,d execution samples)\n\n",
                title,
                windows.size(),
                windows.size() == 1 ? "run" : "runs",
                seconds,
                requests,
                samples));
        md.append("- hot methods (top frame of the samples): ")
                .append(shares(hotMethods(), samples))
                .append('\n');
        md.append("- own code (innermost `dev.filesys` frame): ")
                .append(shares(top(ownCode, Comparator.comparingLong(Map.Entry::getValue)), samples))
                .append('\n');
        md.append("- allocations (sampled, top frame and class): ");
        if (allocatedBytes == 0) {
            md.append("none sampled\n");
        } else {
            md.append(mebibytes(allocatedBytes))
                    .append(" MiB in all")
                    .append(
                            requests > 0
                                    ? ", " + Report.format(allocatedBytes / 1024.0 / requests) + " KiB per request"
                                    : "")
                    .append("; ")
                    .append(shares(allocationSites(), allocatedBytes))
                    .append('\n');
        }
        md.append("- GC: ");
        if (collections == 0) {
            md.append("no collection\n");
        } else {
            md.append(collections)
                    .append(collections == 1 ? " collection" : " collections")
                    .append(", pauses ")
                    .append(millis(gcPauses))
                    .append(" ms in all");
            if (seconds > 0) {
                md.append(String.format(
                        Locale.ROOT, " (%.1f%% of the time)", 100.0 * gcPauses.toNanos() / length.toNanos()));
            }
            md.append(", longest ").append(millis(longestGcPause)).append(" ms\n");
        }
        md.append("- waits (from the recording's threshold):");
        for (var entry : waits.entrySet()) {
            Waits kind = entry.getValue();
            md.append("\n  - ").append(entry.getKey()).append(": ");
            if (kind.count == 0) {
                md.append("none");
                continue;
            }
            md.append(String.format(Locale.ROOT, "%,d", kind.count))
                    .append(", ")
                    .append(millis(kind.total))
                    .append(" ms in all");
            if (kind.idleCount > 0) {
                md.append(String.format(
                        Locale.ROOT,
                        "; %,d of them (%s ms) pool threads idle between tasks",
                        kind.idleCount,
                        millis(kind.idle)));
            }
            if (!kind.bySite.isEmpty()) {
                List<String> sites = top(kind.bySite, Comparator.comparing(Map.Entry::getValue)).stream()
                        .limit(3)
                        .map(site -> "`" + abbreviate(site.getKey()) + "` " + millis(site.getValue()) + " ms")
                        .toList();
                md.append(kind.idleCount > 0 ? "; the others most at " : "; most at ")
                        .append(String.join(", ", sites));
            }
        }
        md.append('\n');
        return md.toString();
    }

    private static <V> List<Map.Entry<String, V>> top(Map<String, V> values, Comparator<Map.Entry<String, V>> order) {
        return values.entrySet().stream()
                .sorted(order.reversed().thenComparing(Map.Entry::getKey))
                .toList();
    }

    private static String shares(List<Map.Entry<String, Long>> entries, long total) {
        if (entries.isEmpty() || total <= 0) {
            return "none";
        }
        return String.join(
                ", ",
                entries.stream()
                        .limit(TOP)
                        .map(entry -> String.format(
                                Locale.ROOT,
                                "%.0f%% `%s`",
                                100.0 * entry.getValue() / total,
                                abbreviate(entry.getKey())))
                        .toList());
    }

    /**
     * {@code org.apache.tomcat.util.net.NioEndpoint.run} as {@code o.a.t.u.n.NioEndpoint.run}: packages by their
     * first letter, the class and method in full (as profilers show them). A class allocated, in brackets, too.
     */
    static String abbreviate(String name) {
        int bracket = name.indexOf(" (");
        if (bracket > 0) {
            return abbreviate(name.substring(0, bracket)) + " ("
                    + abbreviateClass(name.substring(bracket + 2, name.length() - 1)) + ")";
        }
        int method = name.lastIndexOf('.');
        if (method < 0) {
            return name;
        }
        return abbreviateClass(name.substring(0, method)) + name.substring(method);
    }

    private static String abbreviateClass(String className) {
        String[] parts = className.split("\\.");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            out.append(parts[i].isEmpty() ? "" : parts[i].substring(0, 1)).append('.');
        }
        return out.append(parts[parts.length - 1]).toString();
    }

    private static String millis(Duration duration) {
        return Report.format(duration.toNanos() / 1e6);
    }

    private static String mebibytes(long bytes) {
        return Report.format(bytes / 1024.0 / 1024.0);
    }
}
