package dev.filesys.bench;

import static dev.filesys.bench.Limits.MIB;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Section 5: a file-service JVM of its own with {@code -Xmx256m}: its peak heap and resident set while a large file
 * goes up and comes down; then, in another with {@code -Xmx1g}, the memory each open session with an idle connection
 * (and each event stream, where the service has them) costs.
 */
final class MemoryBench {

    static final String SECTION = "5. Memory and scale";

    private final Bench.Context context;
    private final Report report;
    private static final String STREAMING_HEAP = "-Xmx256m";

    private static final String CONNECTIONS_HEAP = "-Xmx1g";

    private String memoryUser;
    /** A logged-in session's token (event streams belong to a user). */
    private String userToken;

    MemoryBench(Bench.Context context) {
        this.context = context;
        this.report = context.report();
    }

    void run() throws Exception {
        Options options = context.options();
        Cluster cluster = context.cluster();
        // assignments must all go to the measured JVM
        cluster.stop(context.fileService());
        Cluster.Service service = startMeasured(cluster, "file-m", STREAMING_HEAP);
        try (JvmMonitor monitor = new JvmMonitor(service.pid())) {
            awaitAssignedTo(service.name());
            streaming(options, service, monitor);
        } finally {
            cluster.stop(service);
        }
        // connections get a JVM of their own: thousands of open event streams need more heap than the 256 MiB the
        // streaming figures are about (each in-flight request holds Tomcat's buffers and a parked thread's stack)
        service = startMeasured(cluster, "file-c", CONNECTIONS_HEAP);
        try (JvmMonitor monitor = new JvmMonitor(service.pid())) {
            awaitAssignedTo(service.name());
            Api.Session session = context.api().openSession();
            userToken = context.api().login(session, memoryUser).token();
            connections(options, service, monitor);
        } finally {
            cluster.stop(service);
        }
    }

    private Cluster.Service startMeasured(Cluster cluster, String name, String heap) throws Exception {
        return cluster.startFileService(
                name,
                context.balancer(),
                List.of(heap),
                List.of(
                        // 10,000 connections need more than Tomcat's default of 8,192; idle ones must stay open
                        // while they are counted (Tomcat's default keep-alive timeout is 20 s)
                        "--server.tomcat.max-connections=20000", "--server.tomcat.keep-alive-timeout=10m"));
    }

    private void streaming(Options options, Cluster.Service service, JvmMonitor monitor) throws Exception {
        long size = options.memoryBytes();
        String label = size >= 1L << 30 ? (size >> 30) + " GiB" : (size >> 20) + " MiB";
        Bench.log("memory: " + label + " through the -Xmx256m file-service");
        Path source = options.work().resolve("memory.bin");
        String sha256 = Limits.generate(source, size, 4242);
        Api api = context.api();
        String user = "memory-" + Bench.RUN_TAG;
        memoryUser = user;
        Api.Session session = api.openSession();
        api.register(session, user);
        userToken = session.token();
        String auth = "Authorization: Bearer " + session.token();
        long baseHeap = monitor.heapAfterGc();
        long baseRss = monitor.rss();

        monitor.startSampling();
        Curl.Transfer upload = Curl.post(
                service.url() + "/api/v1/files?name=memory",
                source,
                options.work().resolve("curl-body.json"),
                auth,
                sha256);
        long[] uploadPeaks = monitor.stopSampling();
        String fileId = upload.fileId();
        if (upload.status() != 201 || fileId == null) {
            throw new IllegalStateException("upload answered " + upload.status() + ": " + upload.body());
        }
        monitor.startSampling();
        Curl.Transfer download = Curl.download(service.url() + "/api/v1/files/" + fileId + "/content", auth);
        long[] downloadPeaks = monitor.stopSampling();
        if (download.status() != 200 || download.bytes() != size) {
            throw new IllegalStateException("download answered " + download.status());
        }
        api.delete(session, fileId);
        Files.deleteIfExists(source);

        report.figure(SECTION, "file-service heap limit (-Xmx)", "MiB").add(monitor.heapMax() / MIB);
        report.figure(SECTION, "before: heap used after GC", "MiB").add(baseHeap / MIB);
        report.figure(SECTION, "before: RSS", "MiB").add(baseRss / MIB);
        report.figure(SECTION, label + " upload: peak heap used (sampled every 100 ms)", "MiB")
                .add(uploadPeaks[0] / MIB);
        report.figure(SECTION, label + " upload: peak RSS (sampled)", "MiB").add(uploadPeaks[1] / MIB);
        report.figure(SECTION, label + " upload rate", "MiB/s").add(upload.mibPerSecond());
        report.figure(SECTION, label + " download: peak heap used (sampled every 100 ms)", "MiB")
                .add(downloadPeaks[0] / MIB);
        report.figure(SECTION, label + " download: peak RSS (sampled)", "MiB").add(downloadPeaks[1] / MIB);
        report.figure(SECTION, label + " download rate", "MiB/s").add(download.mibPerSecond());
        report.figure(SECTION, "peak RSS since start (VmHWM) after both", "MiB").add(monitor.rssHighWaterMark() / MIB);
    }

    private void connections(Options options, Cluster.Service service, JvmMonitor monitor) throws Exception {
        int sessions = options.idleSessions();
        Api api = context.api();
        Bench.log("memory: opening " + sessions + " sessions");
        ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();
        ClosedLoop.Result opened = ClosedLoop.run(
                16,
                Duration.ofMinutes(5),
                sessions,
                client -> () -> tokens.add(api.openSession().token()));
        Sessions.check("opening sessions", opened);
        if (tokens.size() < sessions) {
            throw new IllegalStateException("only " + tokens.size() + " of " + sessions + " sessions opened in 5 min");
        }
        List<String> tokenList = new ArrayList<>(tokens);
        long heap0 = monitor.heapAfterGc();
        long rss0 = monitor.rss();
        long sockets0 = monitor.sockets();
        report.figure(SECTION, sessions + " open sessions, no connections: heap used after GC", "MiB")
                .add(heap0 / MIB);
        report.figure(SECTION, sessions + " open sessions, no connections: RSS", "MiB")
                .add(rss0 / MIB);

        int streams = options.streamConnections();
        boolean eventStreams = eventStreamsExist(service, userToken);
        if (eventStreams) {
            eventStreams(service, monitor, streams);
        }
        List<Socket> open = Collections.synchronizedList(new ArrayList<>());
        try {
            int already = 0;
            if (!eventStreams) {
                Bench.log("memory: " + streams + " idle keep-alive connections");
                connect(service, streams, 0, i -> logout(tokenList.get(i)), 204, open);
                perConnection(monitor, streams, "idle keep-alive connections", heap0, rss0, sockets0);
                already = streams;
            }
            Bench.log("memory: " + sessions + " sessions with idle keep-alive connections");
            connect(service, sessions - already, already, i -> logout(tokenList.get(i)), 204, open);
            perConnection(
                    monitor, sessions, "sessions, each with an idle keep-alive connection", heap0, rss0, sockets0);
        } finally {
            closeAll(open);
        }
        report.note(
                SECTION,
                "The streaming figures come from a file-service JVM of its own with `-Xmx256m`, the connection"
                        + " figures from another with `-Xmx1g` (both with `server.tomcat.max-connections=20000`,"
                        + " `server.tomcat.keep-alive-timeout=10m`: Tomcat's defaults would refuse connections beyond"
                        + " 8,192 and close idle ones after 20 s). Heap through JMX (attach API), RSS and threads from"
                        + " `/proc/<pid>/status`; per-connection figures are (after − before) / count, heap measured after"
                        + " a full GC, with the sessions already open before (\"before\" = the open sessions without"
                        + " connections). Each keep-alive connection is a raw socket on which one authenticated request"
                        + " was answered (`POST /api/v1/logout`, 204: it resolves the session), then left idle."
                        + (eventStreams
                                ? " Event streams: " + streams + " sessions (each a handshake and a login, Argon2id) of"
                                        + " one user, each with its own `GET /api/v1/events` on a raw socket, counted"
                                        + " open once its opening frame arrived; \"before\" for them is those sessions"
                                        + " without streams. Then another user shares a file with that user and every"
                                        + " stream is read until its `file_shared` frame: the time from sending the"
                                        + " share to the frame's arrival on each stream (the slowest and the median)."
                                : " `GET /api/v1/events` (event streams) does not exist in this build (it answered"
                                        + " 404): the " + streams + "-connection figure is for idle keep-alive"
                                        + " connections instead, which is what an idle event stream costs at least."));
    }

    /**
     * {@code count} event streams, each on its own logged-in session of one user: memory and threads per stream, then
     * how long one share takes to reach all of them.
     */
    private void eventStreams(Cluster.Service service, JvmMonitor monitor, int count) throws Exception {
        Api api = context.api();
        String recipient = "streams-" + Bench.RUN_TAG;
        Bench.log("memory: " + count + " sessions logged in as " + recipient + " (a login each: Argon2id)");
        Api.Session first = api.openSession();
        api.register(first, recipient);
        ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>(List.of(first.token()));
        ClosedLoop.Result loggedIn = ClosedLoop.run(
                4,
                Duration.ofMinutes(10),
                count - 1,
                client ->
                        () -> tokens.add(api.login(api.openSession(), recipient).token()));
        Sessions.check("logging sessions in", loggedIn);
        if (tokens.size() < count) {
            throw new IllegalStateException("only " + tokens.size() + " of " + count + " sessions logged in");
        }
        List<String> streamTokens = new ArrayList<>(tokens);
        long heap0 = monitor.heapAfterGc();
        long rss0 = monitor.rss();
        long threads0 = monitor.threads();
        long sockets0 = monitor.sockets();
        List<Socket> open = Collections.synchronizedList(new ArrayList<>());
        try {
            Bench.log("memory: " + count + " event streams");
            connect(
                    service,
                    count,
                    0,
                    i -> "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                            + "Authorization: Bearer " + streamTokens.get(i) + "\r\n\r\n",
                    200,
                    open);
            // the opening frame (": filesys events", "retry: …") says the stream is registered
            awaitOnEach(open, "retry:", Duration.ofSeconds(120));
            String kind = "event streams (each its own session)";
            perConnection(monitor, count, kind, heap0, rss0, sockets0);
            report.figure(SECTION, count + " " + kind + ": threads of the process before them", "")
                    .add(threads0);
            report.figure(SECTION, count + " " + kind + ": threads of the process with them open", "")
                    .add(monitor.threads());

            Bench.log("memory: one share event to " + count + " streams");
            Api.Session owner = new Api.Session(service.url(), userToken);
            String fileId = api.upload(owner, "fan-out-" + Bench.RUN_TAG, new byte[] {1, 2, 3});
            long[] arrivals = new long[count];
            try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> futures = new ArrayList<>();
                CountDownLatch reading = new CountDownLatch(count);
                for (int i = 0; i < count; i++) {
                    int index = i;
                    Socket socket = open.get(i);
                    futures.add(readers.submit(() -> {
                        socket.setSoTimeout(60_000);
                        reading.countDown();
                        awaitText(socket.getInputStream(), "event: file_shared");
                        arrivals[index] = System.nanoTime();
                        return null;
                    }));
                }
                reading.await();
                long sent = System.nanoTime();
                api.share(owner, fileId, recipient);
                for (Future<?> future : futures) {
                    future.get(120, TimeUnit.SECONDS);
                }
                long[] nanos = new long[count];
                for (int i = 0; i < count; i++) {
                    nanos[i] = arrivals[i] - sent;
                }
                Arrays.sort(nanos);
                report.figure(SECTION, "one share event to " + count + " streams: until the last has it", "ms")
                        .add(nanos[count - 1] / 1e6);
                report.figure(SECTION, "one share event to " + count + " streams: median arrival", "ms")
                        .add(Stats.percentile(nanos, 50) / 1e6);
            }
            api.delete(owner, fileId);
        } finally {
            closeAll(open);
        }
    }

    /** Reads each socket until {@code text} has come, all at once. */
    private static void awaitOnEach(List<Socket> sockets, String text, Duration timeout) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Socket socket : List.copyOf(sockets)) {
                futures.add(readers.submit(() -> {
                    awaitText(socket.getInputStream(), text);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(timeout.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Reads a stream's (chunked) bytes until {@code text} has come: an event frame is written and flushed in one piece,
     * so it is never split by a chunk header.
     */
    private static void awaitText(InputStream in, String text) throws IOException {
        byte[] wanted = text.getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[1024];
        int matched = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] == wanted[matched]) {
                    matched++;
                    if (matched == wanted.length) {
                        return;
                    }
                } else {
                    matched = buffer[i] == wanted[0] ? 1 : 0;
                }
            }
        }
        throw new IOException("the stream ended before '" + text + "'");
    }

    private void perConnection(JvmMonitor monitor, int count, String kind, long heap0, long rss0, long sockets0)
            throws IOException {
        long heap = monitor.heapAfterGc();
        long rss = monitor.rss();
        long sockets = monitor.sockets() - sockets0;
        if (sockets < count * 0.99) {
            throw new IllegalStateException(
                    "only " + sockets + " of " + count + " connections are open at the service");
        }
        report.figure(SECTION, count + " " + kind + ": heap per connection (after GC)", "KiB")
                .add((heap - heap0) / 1024.0 / count);
        report.figure(SECTION, count + " " + kind + ": RSS per connection", "KiB")
                .add((rss - rss0) / 1024.0 / count);
        report.figure(SECTION, count + " " + kind + ": heap used after GC", "MiB")
                .add(heap / MIB);
        report.figure(SECTION, count + " " + kind + ": RSS", "MiB").add(rss / MIB);
    }

    private static String logout(String token) {
        return "POST /api/v1/logout HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Length: 0\r\n\r\n";
    }

    /** Opens {@code count} connections, sends each its request, reads the response head, leaves it open. */
    private static void connect(
            Cluster.Service service,
            int count,
            int offset,
            IntFunction<String> request,
            int expectedStatus,
            List<Socket> open)
            throws Exception {
        Semaphore parallel = new Semaphore(32);
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int index = offset + i;
                futures.add(threads.submit(() -> {
                    parallel.acquire();
                    try {
                        Socket socket = new Socket();
                        open.add(socket);
                        socket.connect(new InetSocketAddress("127.0.0.1", service.port()), 10_000);
                        socket.setSoTimeout(30_000);
                        socket.getOutputStream().write(request.apply(index).getBytes(StandardCharsets.US_ASCII));
                        String head = readHead(socket.getInputStream());
                        if (!head.startsWith("HTTP/1.1 " + expectedStatus)) {
                            throw new IOException(
                                    "answered " + head.lines().findFirst().orElse(head));
                        }
                    } finally {
                        parallel.release();
                    }
                    return null;
                }));
            }
        }
        for (Future<?> future : futures) {
            future.get();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                return head.toString();
            }
        }
        throw new IOException("connection closed after " + head);
    }

    private static void closeAll(List<Socket> open) {
        synchronized (open) {
            for (Socket socket : open) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            open.clear();
        }
    }

    private boolean eventStreamsExist(Cluster.Service service, String token) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                                    + "Authorization: Bearer " + token + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String head = readHead(socket.getInputStream());
            // 404: no such endpoint in this build
            return !head.startsWith("HTTP/1.1 404");
        }
    }

    private void awaitAssignedTo(String serverId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (context.api().assign().serverId().equals(serverId)) {
                    return;
                }
            } catch (IOException e) {
                // not registered yet
            }
            Cluster.pause(Duration.ofMillis(250));
        }
        throw new IllegalStateException("the balancer never assigned " + serverId);
    }
}
