package dev.filesys.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Section 2: 4 KiB downloads and uploads per second with wrk at 1, 16 and 64 connections, filesys against nginx,
 * alternated run by run. Uploads are durable on filesys (fsync, PostgreSQL commit) and not on nginx.
 */
final class SmallFiles {

    static final String SECTION = "2. Small files (4 KiB)";
    static final int SIZE = 4096;
    static final int[] CONCURRENCY = {1, 16, 64};
    private static final int USERS = 64;
    private static final int FILES_PER_USER = 4;
    private static final Path PROC = Path.of("/proc");
    /** The JIT warm-up of each path of a file-service, in load runs' durations. */
    private static final int JIT_WARM_UP_DURATIONS = 3;

    private static final Predicate<Path> NGINX = CpuUse.named("nginx");
    private static final Predicate<Path> RCLONE = CpuUse.named("rclone");
    /** How the figures of {@code --compare-jar} are labelled. */
    static final String COMPARED = "compared jar";

    private final Bench.Context context;
    private final Report report;

    SmallFiles(Bench.Context context) {
        this.context = context;
        this.report = context.report();
    }

    void run() throws Exception {
        try (Rclone rclone = Rclone.start(context.options())) {
            Path compareJar = context.options().compareJar();
            if (compareJar == null) {
                measure(rclone, null);
                return;
            }
            // the jar to compare with runs next to the measured one: the same database and blob root, so the same
            // sessions and files serve both, and each run measures them one after the other
            Cluster.Service compared = context.cluster()
                    .startFileServiceFrom("file-b", compareJar, context.balancer(), List.of("-Xmx1g"), List.of());
            try {
                measure(rclone, compared);
            } finally {
                context.cluster().stop(compared);
            }
        }
    }

    private void measure(Rclone rclone, Cluster.Service compared) throws Exception {
        Options options = context.options();
        Path scripts = options.work().resolve("lua");
        Bench.log("small files: " + USERS + " users, " + USERS * FILES_PER_USER + " files on each side");
        List<String[]> ours = prepareOurs();
        List<String> theirs = preparePeer(context.nginx().url(), "/small/get/", null, USERS * FILES_PER_USER);
        List<String> rclones = preparePeer(rclone.url(), "/get/", rclone.authorization(), USERS * FILES_PER_USER);
        List<String> tokens = new ArrayList<>();
        List<String> ourGets = new ArrayList<>();
        for (String[] pair : ours) {
            if (!tokens.contains(pair[0])) {
                tokens.add(pair[0]);
            }
            ourGets.add("{\"" + pair[0] + "\", \"/api/v1/files/" + pair[1] + "/content\"}");
        }
        Collections.shuffle(ourGets, new java.util.Random(7));
        Collections.shuffle(theirs, new java.util.Random(7));
        Collections.shuffle(rclones, new java.util.Random(7));

        Path ourGet = getScript(
                scripts,
                "filesys-get",
                "{\n  " + String.join(",\n  ", ourGets) + "\n}",
                "wrk.format(\"GET\", item[2], {[\"Authorization\"] = \"Bearer \" .. item[1]})");
        Path nginxGet = peerGet(scripts, "nginx-get", theirs, null);
        Path rcloneGet = peerGet(scripts, "rclone-get", rclones, rclone.authorization());
        String uploadBody = """
                local pad = string.rep("x", %d - 40)
                local n = 0
                local tag = "t"
                init = function(args)
                  tag = args[1]
                end
                local function body(name)
                  return string.format("%%-40s", name) .. pad
                end
                """.formatted(SIZE);
        Path ourPut = Wrk.script(
                scripts,
                "filesys-post",
                Wrk.THREAD_IDS + "local tokens = " + Wrk.table(tokens) + "\n" + uploadBody + """
                request = function()
                  n = n + 1
                  local name = string.format("%s-%d-%d", tag, tid, n)
                  return wrk.format("POST", "/api/v1/files?name=" .. name, {
                    ["Authorization"] = "Bearer " .. tokens[(n + tid) % #tokens + 1],
                    ["Content-Type"] = "application/octet-stream"}, body(name))
                end
                """);
        Path nginxPut = peerPut(scripts, "nginx-put", uploadBody, "/small/put/", null);
        Path rclonePut = peerPut(scripts, "rclone-put", uploadBody, "/put/", rclone.authorization());

        Path ceiling = Wrk.script(scripts, "filesys-livez", """
                request = function()
                  return wrk.format("GET", "/livez")
                end
                """);
        String ourUrl = context.fileService().url();
        String nginxUrl = context.nginx().url();
        String rcloneUrl = rclone.url();
        Duration duration = options.duration();
        int tags = 0;
        // with --jfr, each figure of a file-service gets the JFR events of its measured runs (not of the warm-ups)
        Map<String, Profile> profiles = new LinkedHashMap<>();
        Predicate<Path> ourServer = CpuUse.pid(context.fileService().pid());
        Predicate<Path> comparedServer = compared == null ? ourServer : CpuUse.pid(compared.pid());
        // a fresh JVM compiles its hot paths during its first tens of seconds under load: measured with
        // async-profiler, C2 took 31% of a file-service's CPU in its first 12 s of uploads and 2% after 30 s more.
        // Figures are of the steady state, so each file-service is warmed on both paths before the first one
        Duration jitWarmUp = duration.multipliedBy(JIT_WARM_UP_DURATIONS);
        for (String url : compared == null ? List.of(ourUrl) : List.of(ourUrl, compared.url())) {
            Bench.log("small files: JIT warm-up of " + url + " (" + jitWarmUp.toSeconds() + " s a path)");
            Wrk.run(ourGet, url, 16, jitWarmUp);
            Wrk.run(ourPut, url, 16, jitWarmUp, "jit" + tags++ + Bench.RUN_TAG);
        }
        for (int c : CONCURRENCY) {
            Bench.log("small files: " + c + " connection(s), warm-up");
            Wrk.run(nginxGet, nginxUrl, c, Duration.ofSeconds(2));
            Wrk.run(ourGet, ourUrl, c, Duration.ofSeconds(2));
            Wrk.run(nginxPut, nginxUrl, c, Duration.ofSeconds(1), "w" + c);
            Wrk.run(ourPut, ourUrl, c, Duration.ofSeconds(1), "w" + c + Bench.RUN_TAG);
            Wrk.run(rcloneGet, rcloneUrl, c, Duration.ofSeconds(2));
            Wrk.run(rclonePut, rcloneUrl, c, Duration.ofSeconds(1), "w" + c);
            List<List<Kind>> groups = new ArrayList<>(List.of(
                    new ArrayList<>(List.of(
                            new Kind("nginx GET", nginxGet, nginxUrl, false, false, NGINX),
                            new Kind("filesys GET", ourGet, ourUrl, false, true, ourServer),
                            new Kind("rclone GET", rcloneGet, rcloneUrl, false, false, RCLONE))),
                    new ArrayList<>(List.of(
                            new Kind("nginx PUT", nginxPut, nginxUrl, true, false, NGINX),
                            new Kind("filesys POST (durable)", ourPut, ourUrl, true, true, ourServer),
                            new Kind("rclone PUT", rclonePut, rcloneUrl, true, false, RCLONE)))));
            List<Kind> comparedKinds = new ArrayList<>();
            if (compared != null) {
                Wrk.run(ourGet, compared.url(), c, Duration.ofSeconds(2));
                Wrk.run(ourPut, compared.url(), c, Duration.ofSeconds(1), "wb" + c + Bench.RUN_TAG);
                comparedKinds.add(new Kind(COMPARED + " GET", ourGet, compared.url(), false, true, comparedServer));
                comparedKinds.add(
                        new Kind(COMPARED + " POST (durable)", ourPut, compared.url(), true, true, comparedServer));
            }
            for (int run = 0; run < options.runs(); run++) {
                Bench.log("small files: " + c + " connection(s), run " + (run + 1) + "/" + options.runs());
                for (int g = 0; g < groups.size(); g++) {
                    List<Kind> group = groups.get(g);
                    Kind comparedKind = comparedKinds.isEmpty() ? null : comparedKinds.get(g);
                    for (Kind kind : runOrder(group, group.get(1), comparedKind, run)) {
                        String[] args = kind.upload() ? new String[] {"r" + tags++ + Bench.RUN_TAG} : new String[0];
                        Instant start = Instant.now();
                        CpuUse cpuBefore = CpuUse.now(PROC, kind.server());
                        Wrk.Result result = Wrk.run(kind.script(), kind.url(), c, duration, args);
                        CpuUse cpu = CpuUse.now(PROC, kind.server());
                        String label = kind.name() + ", " + c + " conn.";
                        report.figure(SECTION, label + ": machine CPU busy", "%")
                                .add(cpu.busyPercentSince(cpuBefore));
                        report.figure(SECTION, label + ": server CPU per request", "µs")
                                .add(cpu.serverMicrosPerRequestSince(cpuBefore, result.requests()));
                        if (kind.profiled()) {
                            report.figure(SECTION, label + ": PostgreSQL CPU per request", "µs")
                                    .add(cpu.postgresMicrosPerRequestSince(cpuBefore, result.requests()));
                        }
                        if (options.jfr() && kind.profiled()) {
                            profiles.computeIfAbsent(label, l -> new Profile())
                                    .window(new Profile.Window(start, Instant.now()), result.requests());
                        }
                        report.figure(SECTION, label + ": requests/s", "1/s").add(result.perSecond());
                        report.figure(SECTION, label + ": p50", "ms").add(result.p50Millis());
                        report.figure(SECTION, label + ": p99", "ms").add(result.p99Millis());
                    }
                }
            }
            // the disk's own rate for the file part of a durable upload (no network, no database), same concurrency
            double durable = Limits.durableSmallWrites(options.work().resolve("limit-small-" + c), c, duration);
            report.figure(
                            SECTION,
                            "limit: 4 KiB write + fsync + rename + directory fsync, " + c + " threads: files/s",
                            "1/s")
                    .add(durable);
            // what Tomcat and Spring MVC answer with no database or file work at all: the stack's own ceiling
            Wrk.Result stack = Wrk.run(ceiling, ourUrl, c, duration);
            report.figure(
                            SECTION,
                            "reference: filesys GET /livez (no database, no file), " + c + " conn.: requests/s",
                            "1/s")
                    .add(stack.perSecond());
            rateRatio(report, c, "filesys GET / nginx GET", "filesys GET", "nginx GET");
            rateRatio(report, c, "filesys POST / nginx PUT", "filesys POST (durable)", "nginx PUT");
            rateRatio(report, c, "filesys GET / rclone GET", "filesys GET", "rclone GET");
            rateRatio(report, c, "filesys POST / rclone PUT", "filesys POST (durable)", "rclone PUT");
            if (compared != null) {
                rateRatio(report, c, "filesys GET / " + COMPARED + " GET", "filesys GET", COMPARED + " GET");
                rateRatio(
                        report,
                        c,
                        "filesys POST / " + COMPARED + " POST",
                        "filesys POST (durable)",
                        COMPARED + " POST (durable)");
            }
        }
        goals(report);
        report.note(
                SECTION,
                "wrk (`-t min(2,c) -c c -d " + duration.toSeconds() + "s`, Lua scripts in the scratch directory), one"
                        + " run per kind, the kinds rotated run by run (nginx, filesys, rclone; then filesys, rclone,"
                        + " nginx; …). Downloads rotate over " + ours.size() + " files of " + USERS
                        + " users (each with"
                        + " its own session token) and over as many nginx and rclone files. Each upload is a new file"
                        + " with a unique name and distinct content (no deduplication); filesys fsyncs the file and"
                        + " its directory and commits the row, nginx and rclone write to the page cache. rclone is `"
                        + Rclone.version() + "`, `rclone serve webdav` of a local directory with basic auth"
                        + " (`--user`/`--pass`: every request is authenticated, as on filesys). Latencies are wrk's"
                        + " (closed loop: no coordinated-omission correction). Any failed request fails the run."
                        + (compared == null
                                ? ""
                                : " \"" + COMPARED + "\" is a second file-service started from `--compare-jar="
                                        + options.compareJar().getFileName() + "` next to the measured one (same"
                                        + " database, blob root, sessions and files), measured in the same runs right"
                                        + " next to filesys (after it in odd runs, before it in even ones); its ratios"
                                        + " are run by run."));
        if (options.jfr()) {
            summarise(profiles, compared);
        }
    }

    /**
     * The order of one run's kinds: the group's (nginx, filesys, rclone) rotated run by run (A B C / B C A / C A B), and
     * the compared jar, when there is one, right next to filesys: after it when {@code run} (from 0) is even, before it
     * when it is odd. The two builds then meet the same neighbours (the page-cache writeback a PUT run leaves behind, a
     * cache another run warmed), so their ratio compares the builds, not their places in the order.
     */
    static <T> List<T> runOrder(List<T> group, T filesys, T compared, int run) {
        List<T> order = new ArrayList<>(group);
        Collections.rotate(order, -(run % order.size()));
        if (compared != null) {
            order.add(order.indexOf(filesys) + (run % 2 == 0 ? 1 : 0), compared);
        }
        return order;
    }

    /**
     * One kind of request measured at each concurrency.
     *
     * @param server the processes that answer it, whose CPU time per request is reported
     * @param profiled whether it is a file-service's (JFR profile and PostgreSQL's CPU time reported)
     */
    private record Kind(
            String name, Path script, String url, boolean upload, boolean profiled, Predicate<Path> server) {}

    /** With {@code --jfr}: the JFR summary of each file-service figure, from a dump of each service's recording. */
    private void summarise(Map<String, Profile> profiles, Cluster.Service compared) throws IOException {
        Map<Cluster.Service, List<Profile>> byService = new LinkedHashMap<>();
        for (var entry : profiles.entrySet()) {
            Cluster.Service service = entry.getKey().startsWith(COMPARED) ? compared : context.fileService();
            byService.computeIfAbsent(service, s -> new ArrayList<>()).add(entry.getValue());
        }
        for (var entry : byService.entrySet()) {
            Path dump =
                    context.options().work().resolve("small-" + entry.getKey().name() + ".jfr");
            Bench.log("small files: reading the JFR recording of "
                    + entry.getKey().name());
            Profile.read(context.cluster().dumpRecording(entry.getKey(), dump), entry.getValue());
        }
        StringBuilder md = new StringBuilder("### JFR profiles of the file-service figures\n\n")
                .append("Recorded with `--jfr` (JFR `profile` settings: Java execution samples every 10 ms, allocation")
                .append(" samples at 300/s weighted by the bytes they stand for; monitor, park and pinning waits from")
                .append(
                        " 1 ms), counting only the events of each figure's measured runs. \"Own code\" is the innermost")
                .append(" `dev.filesys` frame of each sample (the service's code that led to it). Waits of pool")
                .append(" threads idle between tasks (an executor's queue, the fork-join pool that carries the virtual")
                .append(" threads, a scheduler) are counted apart; the others are named by their innermost frame")
                .append(" outside the JDK. JFR's own overhead lowers the figures of a run with `--jfr`.\n");
        for (var entry : profiles.entrySet()) {
            md.append('\n').append(entry.getValue().markdown(entry.getKey()));
        }
        report.note(SECTION, md.toString().strip());
    }

    /** The ratio of two kinds' request rates at {@code c} connections, run by run. */
    private static void rateRatio(Report report, int c, String label, String numerator, String denominator) {
        report.ratio(
                SECTION,
                label + ", " + c + " conn.",
                report.figure(SECTION, numerator + ", " + c + " conn.: requests/s", "1/s"),
                report.figure(SECTION, denominator + ", " + c + " conn.: requests/s", "1/s"));
    }

    /**
     * Where the CPU went during a figure's runs (medians): a machine near 100% busy is bound by CPU, and the CPU time per
     * request of the service and of PostgreSQL says what a faster figure has to take from whom; empty when not measured.
     */
    private static String cpuEvidence(Report report, String label, String what) {
        if (!report.has(SECTION, label + ": machine CPU busy")) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "; machine CPU %s%% busy, CPU per %s: file-service %s µs, PostgreSQL %s µs",
                median(report, label + ": machine CPU busy"),
                what,
                median(report, label + ": server CPU per request"),
                median(report, label + ": PostgreSQL CPU per request"));
    }

    /** The server CPU time per request of ours and of a peer (medians); empty when not measured. */
    private static String cpuAgainst(Report report, String ours, String peer, String label, String what) {
        String c = ", 64 conn.: server CPU per request";
        if (!report.has(SECTION, ours + c) || !report.has(SECTION, peer + c)) {
            return "";
        }
        return "; server CPU per " + what + ": filesys " + median(report, ours + c) + " µs, " + label + " "
                + median(report, peer + c) + " µs";
    }

    private static String median(Report report, String label) {
        return Report.format(report.figure(SECTION, label, "").median());
    }

    /**
     * The small-file goals, decided by the medians at 64 connections (ratios run by run): GET ≥ 20,000/s, ≥ 0.4 ×
     * nginx and p99 ≤ 20 ms; durable POST ≥ 2,000/s and ≥ 0.25 × the machine's write + fsync + rename rate (measured
     * once per concurrency, so that ratio is of medians); the rclone ratios only inform.
     */
    static void goals(Report report) {
        String c = "64 conn.";
        Report.Figure get = report.figure(SECTION, "filesys GET, " + c + ": requests/s", "1/s");
        Report.Figure nginxGet = report.figure(SECTION, "nginx GET, " + c + ": requests/s", "1/s");
        Report.Figure rcloneGet = report.figure(SECTION, "rclone GET, " + c + ": requests/s", "1/s");
        Report.Figure getP99 = report.figure(SECTION, "filesys GET, " + c + ": p99", "ms");
        Report.Figure post = report.figure(SECTION, "filesys POST (durable), " + c + ": requests/s", "1/s");
        Report.Figure nginxPut = report.figure(SECTION, "nginx PUT, " + c + ": requests/s", "1/s");
        Report.Figure rclonePut = report.figure(SECTION, "rclone PUT, " + c + ": requests/s", "1/s");
        Report.Figure limit = report.figure(
                SECTION, "limit: 4 KiB write + fsync + rename + directory fsync, 64 threads: files/s", "1/s");

        double downloads = get.median();
        report.goal(
                SECTION,
                "downloads ≥ 20,000/s at 64 clients",
                downloads >= 20_000,
                Report.format(downloads) + "/s (nginx " + Report.format(nginxGet.median()) + "/s)"
                        + shortfall(downloads, 20_000) + cpuEvidence(report, "filesys GET, " + c, "download"));
        List<Double> toNginx = new Report.Ratio(SECTION, "", get, nginxGet).perRun();
        report.goal(
                SECTION,
                "downloads ≥ 0.4 × nginx at 64 clients",
                Stats.median(toNginx) >= 0.4,
                ratioEvidence(downloads, "nginx", nginxGet.median(), toNginx)
                        + shortfall(Stats.median(toNginx), 0.4)
                        + cpuAgainst(report, "filesys GET", "nginx GET", "nginx", "download"));
        double p99 = getP99.median();
        report.goal(
                SECTION,
                "downloads p99 ≤ 20 ms at 64 clients",
                p99 <= 20,
                Report.format(p99) + " ms"
                        + (p99 <= 20 ? "" : String.format(Locale.ROOT, ", %s × the bound", Report.ratio(p99 / 20)))
                        + (report.has(SECTION, "filesys GET, " + c + ": machine CPU busy")
                                ? "; machine CPU " + median(report, "filesys GET, " + c + ": machine CPU busy")
                                        + "% busy (the clients share its cores)"
                                : ""));
        double uploads = post.median();
        report.goal(
                SECTION,
                "uploads ≥ 2,000/s (durable) at 64 clients",
                uploads >= 2_000,
                Report.format(uploads) + "/s (nginx, not durable: " + Report.format(nginxPut.median()) + "/s)"
                        + shortfall(uploads, 2_000) + cpuEvidence(report, "filesys POST (durable), " + c, "upload"));
        double toLimit = uploads / limit.median();
        String uploadCpu = cpuEvidence(report, "filesys POST (durable), " + c, "upload");
        if (toLimit < 0.25 && !uploadCpu.isEmpty()) {
            uploadCpu = "; the limit does the file work alone, without HTTP or a database" + uploadCpu;
        }
        report.goal(
                SECTION,
                "uploads ≥ 0.25 × the write + fsync + rename limit at 64 clients",
                toLimit >= 0.25,
                Report.format(uploads) + " vs " + Report.format(limit.median()) + " files/s, ratio "
                        + Report.ratio(toLimit) + shortfall(toLimit, 0.25) + uploadCpu);
        report.informative(
                SECTION,
                "peer: rclone serve webdav, GET at 64 clients",
                ratioEvidence(
                        downloads,
                        "rclone",
                        rcloneGet.median(),
                        new Report.Ratio(SECTION, "", get, rcloneGet).perRun()));
        report.informative(
                SECTION,
                "peer: rclone serve webdav, PUT (not durable) at 64 clients",
                ratioEvidence(
                        uploads,
                        "rclone",
                        rclonePut.median(),
                        new Report.Ratio(SECTION, "", post, rclonePut).perRun()));
    }

    /** "5,298/s vs nginx 68,380/s, ratio 0.08 (0.07 – 0.08)": medians and the run-by-run ratio. */
    private static String ratioEvidence(double ours, String peer, double theirs, List<Double> ratios) {
        return Report.format(ours) + "/s vs " + peer + " " + Report.format(theirs) + "/s, ratio "
                + Report.ratio(Stats.median(ratios)) + " (" + Report.ratio(Stats.min(ratios)) + " – "
                + Report.ratio(Stats.max(ratios)) + ")";
    }

    /** By how much a figure that must reach {@code goal} misses it ("; needs 3.78 × more"), or nothing. */
    static String shortfall(double figure, double goal) {
        if (figure >= goal || Double.isNaN(figure)) {
            return "";
        }
        return figure > 0 ? "; needs " + Report.ratio(goal / figure) + " × more" : "; none measured";
    }

    /** Users with sessions and files: pairs of (session token, file id). */
    private List<String[]> prepareOurs() throws Exception {
        Api api = context.api();
        List<String[]> pairs = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                int user = u;
                futures.add(threads.submit(() -> {
                    Api.Session session = api.openSession();
                    api.register(session, "small-" + user + "-" + Bench.RUN_TAG);
                    SplittableRandom random = new SplittableRandom(user);
                    for (int f = 0; f < FILES_PER_USER; f++) {
                        byte[] content = new byte[SIZE];
                        random.nextBytes(content);
                        pairs.add(new String[] {session.token(), api.upload(session, "get-" + f, content)});
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        return new ArrayList<>(pairs);
    }

    /**
     * Puts {@code count} 4 KiB files on a peer under {@code prefix}, the same pseudo-random contents on every peer.
     */
    private List<String> preparePeer(String url, String prefix, String authorization, int count) throws IOException {
        List<String> paths = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < count; i++) {
            byte[] content = new byte[SIZE];
            random.nextBytes(content);
            String path = prefix + i + ".bin";
            context.api().put(url + path, content, authorization);
            paths.add(path);
        }
        return paths;
    }

    /** A wrk script that GETs the peer's paths in turn, with an {@code Authorization} header unless it is null. */
    private static Path peerGet(Path scripts, String name, List<String> paths, String authorization)
            throws IOException {
        return getScript(
                scripts, name, Wrk.table(paths), "wrk.format(\"GET\", item, " + luaHeaders(authorization) + ")");
    }

    /**
     * A wrk script that sends the GETs {@code request} (a Lua expression of {@code item}) makes of the Lua table
     * {@code items}, in turn, each thread starting at a place of its own.
     */
    private static Path getScript(Path scripts, String name, String items, String request) throws IOException {
        return Wrk.script(scripts, name, Wrk.THREAD_IDS + """
                local items = %s
                local prepared = {}
                local n = 0
                init = function(args)
                  for i, item in ipairs(items) do
                    prepared[i] = %s
                  end
                  n = (tid or 1) * 37
                end
                request = function()
                  n = n + 1
                  return prepared[n %% #prepared + 1]
                end
                """.formatted(items, request));
    }

    /** A wrk script that PUTs a new 4 KiB file under {@code prefix} on each request. */
    private static Path peerPut(Path scripts, String name, String uploadBody, String prefix, String authorization)
            throws IOException {
        return Wrk.script(
                scripts, name, Wrk.THREAD_IDS + uploadBody + """
                local headers = %s
                request = function()
                  n = n + 1
                  local name = string.format("%%s-%%d-%%d", tag, tid, n)
                  return wrk.format("PUT", "%s" .. name, headers, body(name))
                end
                """.formatted(luaHeaders(authorization), prefix));
    }

    private static String luaHeaders(String authorization) {
        return authorization == null ? "nil" : "{[\"Authorization\"] = \"" + authorization + "\"}";
    }
}
