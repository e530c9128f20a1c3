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

    /** Waits of one kind: how many, how long in total, and the total per site (the first frame outside the JDK). */
    static final class Waits {
        long count;
        Duration total = Duration.ZERO;
        final Map<String, Duration> bySite = new HashMap<>();

        void add(String site, Duration duration) {
            count++;
            total = total.plus(duration);
            bySite.merge(site, duration, Duration::plus);
        }
    }

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

    long samples() {
        return samples;
    }

    int collections() {
        return collections;
    }

    Duration gcPauses() {
        return gcPauses;
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
                List<Profile> matching = new ArrayList<>(1);
                for (Profile profile : profiles) {
                    if (profile.covers(event.getStartTime())) {
                        matching.add(profile);
                    }
                }
                if (!matching.isEmpty()) {
                    for (Profile profile : matching) {
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
                        type == null ? "?" : type.getName(),
                        event.getLong("weight"));
            }
            case "jdk.GarbageCollection" ->
                collection(event.getDuration("sumOfPauses"), event.getDuration("longestPause"));
            case "jdk.JavaMonitorEnter" -> waited("monitor enter", site(event), event.getDuration());
            case "jdk.JavaMonitorWait" -> waited("monitor wait", site(event), event.getDuration());
            case "jdk.ThreadPark" -> waited("park", site(event), event.getDuration());
            case "jdk.VirtualThreadPinned" -> waited("virtual thread pinned", site(event), event.getDuration());
            default -> {
                // not summarised
            }
        }
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

    /** Where a thread waited: the innermost frame outside the JDK (a pool's take, a lock of the service). */
    private static String site(RecordedEvent event) {
        List<String> frames = frames(event.getStackTrace());
        for (String frame : frames) {
            if (!frame.startsWith("java.") && !frame.startsWith("jdk.") && !frame.startsWith("sun.")) {
                return frame;
            }
        }
        return frames.isEmpty() ? "(no stack)" : frames.getFirst();
    }

    /** The summary as Markdown: a bold title line and one bullet per kind of figure. */
    String markdown(String title) {
        Duration length = windows.stream().map(Window::length).reduce(Duration.ZERO, Duration::plus);
        double seconds = length.toMillis() / 1000.0;
        StringBuilder md = new StringBuilder();
        md.append("**JFR: ")
                .append(title)
                .append("** (")
                .append(windows.size())
                .append(windows.size() == 1 ? " run, " : " runs, ")
                .append(String.format(Locale.ROOT, "%.1f s", seconds))
                .append(", ")
                .append(String.format(Locale.ROOT, "%,d", requests))
                .append(" requests; ")
                .append(String.format(Locale.ROOT, "%,d", samples))
                .append(" execution samples)\n\n");
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
                                    ? String.format(
                                            Locale.ROOT,
                                            ", %s KiB per request",
                                            Report.format(allocatedBytes / 1024.0 / requests))
                                    : "")
                    .append("; ")
                    .append(shares(allocationSites(), allocatedBytes))
                    .append('\n');
        }
        md.append("- GC: ")
                .append(collections)
                .append(collections == 1 ? " collection" : " collections")
                .append(", pauses ")
                .append(millis(gcPauses))
                .append(" ms in all");
        if (seconds > 0) {
            md.append(
                    String.format(Locale.ROOT, " (%.1f%% of the time)", 100.0 * gcPauses.toNanos() / length.toNanos()));
        }
        md.append(", longest ").append(millis(longestGcPause)).append(" ms\n");
        md.append("- waits: ");
        List<String> parts = new ArrayList<>();
        for (var entry : waits.entrySet()) {
            Waits kind = entry.getValue();
            StringBuilder part = new StringBuilder(entry.getKey()).append(' ').append(kind.count);
            if (kind.count > 0) {
                part.append(" (").append(millis(kind.total)).append(" ms; most at ");
                List<String> sites = top(kind.bySite, Comparator.comparing(Map.Entry::getValue)).stream()
                        .limit(2)
                        .map(site -> "`" + abbreviate(site.getKey()) + "` " + millis(site.getValue()) + " ms")
                        .toList();
                part.append(String.join(", ", sites)).append(')');
            }
            parts.add(part.toString());
        }
        md.append(String.join("; ", parts)).append('\n');
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
