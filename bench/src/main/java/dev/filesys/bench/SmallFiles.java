package dev.filesys.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
    /** How the figures of {@code --compare-jar} are labelled. */
    static final String COMPARED = "compared jar";

    private final Bench.Context context;
    private final Report report;

    SmallFiles(Bench.Context context) {
        this.context = context;
        this.report = context.report();
    }

    void run() throws Exception {
        Path compareJar = context.options().compareJar();
        if (compareJar == null) {
            measure(null);
            return;
        }
        // the jar to compare with runs next to the measured one: the same database and blob root, so the same
        // sessions and files serve both, and each run measures them one after the other
        Cluster.Service compared = context.cluster()
                .startFileServiceFrom("file-b", compareJar, context.balancer(), List.of("-Xmx1g"), List.of());
        try {
            measure(compared);
        } finally {
            context.cluster().stop(compared);
        }
    }

    private void measure(Cluster.Service compared) throws Exception {
        Options options = context.options();
        Path scripts = options.work().resolve("lua");
        Bench.log("small files: " + USERS + " users, " + USERS * FILES_PER_USER + " files on each side");
        List<String[]> ours = prepareOurs();
        List<String> theirs = prepareNginx(USERS * FILES_PER_USER);
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

        Path ourGet = Wrk.script(scripts, "filesys-get", Wrk.THREAD_IDS + """
                local items = {
                  %s
                }
                local prepared = {}
                local n = 0
                init = function(args)
                  for i, item in ipairs(items) do
                    prepared[i] = wrk.format("GET", item[2], {["Authorization"] = "Bearer " .. item[1]})
                  end
                  n = (tid or 1) * 37
                end
                request = function()
                  n = n + 1
                  return prepared[n %% #prepared + 1]
                end
                """.formatted(String.join(",\n  ", ourGets)));
        Path nginxGet = Wrk.script(scripts, "nginx-get", Wrk.THREAD_IDS + """
                local paths = %s
                local prepared = {}
                local n = 0
                init = function(args)
                  for i, path in ipairs(paths) do
                    prepared[i] = wrk.format("GET", path)
                  end
                  n = (tid or 1) * 37
                end
                request = function()
                  n = n + 1
                  return prepared[n %% #prepared + 1]
                end
                """.formatted(Wrk.table(theirs)));
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
        Path nginxPut = Wrk.script(scripts, "nginx-put", Wrk.THREAD_IDS + uploadBody + """
                request = function()
                  n = n + 1
                  local name = string.format("%s-%d-%d", tag, tid, n)
                  return wrk.format("PUT", "/small/put/" .. name, nil, body(name))
                end
                """);

        Path ceiling = Wrk.script(scripts, "filesys-livez", """
                request = function()
                  return wrk.format("GET", "/livez")
                end
                """);
        String ourUrl = context.fileService().url();
        String nginxUrl = context.nginx().url;
        Duration duration = options.duration();
        int tags = 0;
        for (int c : CONCURRENCY) {
            Bench.log("small files: " + c + " connection(s), warm-up");
            Wrk.run(nginxGet, nginxUrl, c, Duration.ofSeconds(2));
            Wrk.run(ourGet, ourUrl, c, Duration.ofSeconds(2));
            Wrk.run(nginxPut, nginxUrl, c, Duration.ofSeconds(1), "w" + c);
            Wrk.run(ourPut, ourUrl, c, Duration.ofSeconds(1), "w" + c + Bench.RUN_TAG);
            List<List<Kind>> groups = new ArrayList<>(List.of(
                    new ArrayList<>(List.of(
                            new Kind("nginx GET", nginxGet, nginxUrl, false),
                            new Kind("filesys GET", ourGet, ourUrl, false))),
                    new ArrayList<>(List.of(
                            new Kind("nginx PUT", nginxPut, nginxUrl, true),
                            new Kind("filesys POST (durable)", ourPut, ourUrl, true)))));
            if (compared != null) {
                Wrk.run(ourGet, compared.url(), c, Duration.ofSeconds(2));
                Wrk.run(ourPut, compared.url(), c, Duration.ofSeconds(1), "wb" + c + Bench.RUN_TAG);
                groups.get(0).add(new Kind(COMPARED + " GET", ourGet, compared.url(), false));
                groups.get(1).add(new Kind(COMPARED + " POST (durable)", ourPut, compared.url(), true));
            }
            for (int run = 0; run < options.runs(); run++) {
                Bench.log("small files: " + c + " connection(s), run " + (run + 1) + "/" + options.runs());
                for (List<Kind> group : groups) {
                    // alternated: each run starts with the next kind (A B / B A, or A B C / B C A / C A B)
                    List<Kind> order = new ArrayList<>(group);
                    Collections.rotate(order, -(run % order.size()));
                    for (Kind kind : order) {
                        String[] args = kind.upload() ? new String[] {"r" + tags++ + Bench.RUN_TAG} : new String[0];
                        Wrk.Result result = Wrk.run(kind.script(), kind.url(), c, duration, args);
                        String label = kind.name() + ", " + c + " conn.";
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
            report.ratio(
                    SECTION,
                    "filesys GET / nginx GET, " + c + " conn.",
                    report.figure(SECTION, "filesys GET, " + c + " conn.: requests/s", "1/s"),
                    report.figure(SECTION, "nginx GET, " + c + " conn.: requests/s", "1/s"));
            report.ratio(
                    SECTION,
                    "filesys POST / nginx PUT, " + c + " conn.",
                    report.figure(SECTION, "filesys POST (durable), " + c + " conn.: requests/s", "1/s"),
                    report.figure(SECTION, "nginx PUT, " + c + " conn.: requests/s", "1/s"));
            if (compared != null) {
                report.ratio(
                        SECTION,
                        "filesys GET / " + COMPARED + " GET, " + c + " conn.",
                        report.figure(SECTION, "filesys GET, " + c + " conn.: requests/s", "1/s"),
                        report.figure(SECTION, COMPARED + " GET, " + c + " conn.: requests/s", "1/s"));
                report.ratio(
                        SECTION,
                        "filesys POST / " + COMPARED + " POST, " + c + " conn.",
                        report.figure(SECTION, "filesys POST (durable), " + c + " conn.: requests/s", "1/s"),
                        report.figure(SECTION, COMPARED + " POST (durable), " + c + " conn.: requests/s", "1/s"));
            }
        }
        double downloads = report.figure(SECTION, "filesys GET, 64 conn.: requests/s", "1/s")
                .median();
        double uploads = report.figure(SECTION, "filesys POST (durable), 64 conn.: requests/s", "1/s")
                .median();
        report.goal(
                SECTION,
                "downloads ≥ 20,000/s at 64 clients",
                downloads >= 20_000,
                Report.format(downloads) + "/s (nginx "
                        + Report.format(report.figure(SECTION, "nginx GET, 64 conn.: requests/s", "1/s")
                                .median())
                        + "/s)");
        report.goal(
                SECTION,
                "uploads ≥ 2,000/s (durable) at 64 clients",
                uploads >= 2_000,
                Report.format(uploads) + "/s (nginx, not durable: "
                        + Report.format(report.figure(SECTION, "nginx PUT, 64 conn.: requests/s", "1/s")
                                .median())
                        + "/s)");
        report.note(
                SECTION,
                "wrk (`-t min(2,c) -c c -d " + duration.toSeconds() + "s`, Lua scripts in the scratch directory), one"
                        + " run per kind alternated nginx/filesys (odd runs filesys first). Downloads rotate over "
                        + ours.size() + " files of " + USERS + " users (each with its own session token) and over as"
                        + " many nginx files. Each upload is a new file with a unique name and distinct content"
                        + " (no deduplication); filesys fsyncs the file and its directory and commits the row, nginx"
                        + " writes to the page cache. Latencies are wrk's (closed loop: no coordinated-omission"
                        + " correction). Any failed request fails the run."
                        + (compared == null
                                ? ""
                                : " \"" + COMPARED + "\" is a second file-service started from `--compare-jar="
                                        + options.compareJar().getFileName() + "` next to the measured one (same"
                                        + " database, blob root, sessions and files), measured in the same runs in"
                                        + " rotated order; its ratios are run by run."));
    }

    private record Kind(String name, Path script, String url, boolean upload) {}

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

    private List<String> prepareNginx(int count) throws IOException {
        List<String> paths = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < count; i++) {
            byte[] content = new byte[SIZE];
            random.nextBytes(content);
            String path = "/small/get/" + i + ".bin";
            context.api().put(context.nginx().url + path, content);
            paths.add(path);
        }
        return paths;
    }
}
