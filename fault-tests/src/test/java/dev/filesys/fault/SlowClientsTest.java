package dev.filesys.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.fault.ProtocolClient.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fault-suite item 7 (docs/fault-suite.md), slow and many clients: an upload trickling at 1 byte/s is cut at its
 * deadline (the minimum rate, shortened here to 100 B/s over a 10 s window) with nothing left behind, while other
 * users' p99 stays within 2× of what it was just before; 500 idle connections, half of them with a partial request
 * head, do not stop normal users from being answered, and the server is healthy after they close.
 */
class SlowClientsTest {

    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Duration PHASE = Duration.ofSeconds(10);
    private static final int USERS = 4;
    private static final int IDLE_CONNECTIONS = 500;
    private static final int TUS_LENGTH = 1000;
    /** p99s below this are treated as this when compared, so a few milliseconds of scheduling noise cannot fail it. */
    private static final long P99_FLOOR_MILLIS = 20;

    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicReference<String> phase = new AtomicReference<>("warm-up");
    private final AtomicBoolean loadRunning = new AtomicBoolean(true);
    private final AtomicReference<Throwable> loadFailure = new AtomicReference<>();

    private record Sample(String phase, long millis) {}

    /**
     * What a raw-socket request got: status, problem code, how long after its first body byte the status came, and how
     * long after that the server closed the connection (-1: not within 20 s).
     */
    private record Answer(int status, String code, long afterMillis, long closedAfterMillis) {}

    @Test
    void aTrickleIsCutAtItsDeadlineAndIdleConnectionsDoNotStarveOthers() throws Exception {
        Path dir = Path.of("target", "fault-slow-" + System.currentTimeMillis()).toAbsolutePath();
        try (FaultCluster cluster = FaultCluster.start(
                dir,
                1,
                dir.resolve("blobs"),
                List.of(
                        "--filesys.uploads.minimum-rate=100B",
                        "--filesys.uploads.rate-window=" + WINDOW.toSeconds() + "s",
                        // the idle connections and the users all come from 127.0.0.1 here, and are meant to stay
                        // open for the whole phase: the cap per address and the head deadline have their own test
                        "--filesys.limits.max-connections-per-address=2000",
                        "--filesys.limits.header-timeout=60s"))) {
            FaultCluster.Service server = cluster.fileServices().getFirst();
            URI serverUri = URI.create(server.url());
            ProtocolClient trickler = new ProtocolClient(cluster.balancer().url());
            Session slow = trickler.registeredSession("trickler", "correct horse battery");

            List<Thread> users = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                ProtocolClient client = new ProtocolClient(cluster.balancer().url());
                Session session = client.registeredSession("user" + i, "correct horse battery");
                int user = i;
                users.add(Thread.ofVirtual().start(() -> load(client, session, user)));
            }
            // the JVMs warm up first, so the baseline is not inflated by JIT compilation
            waitFor(Duration.ofSeconds(10));
            phase.set("before");
            waitFor(PHASE);

            // the trickles: a simple upload and a tus PATCH, one byte a second each
            phase.set("trickle");
            URI tusUpload = createTusUpload(trickler, slow);
            ScheduledExecutorService trickle = Executors.newScheduledThreadPool(2);
            Answer simple;
            Answer tus;
            try {
                AtomicReference<Answer> tusAnswer = new AtomicReference<>();
                Thread tusThread = Thread.ofVirtual()
                        .start(() -> tusAnswer.set(trickleUpload(
                                serverUri,
                                "PATCH " + tusUpload.getRawPath() + " HTTP/1.1\r\n"
                                        + headers(serverUri, slow.token())
                                        + "Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
                                        + "Content-Type: application/offset+octet-stream\r\nContent-Length: "
                                        + TUS_LENGTH
                                        + "\r\n\r\n",
                                trickle)));
                simple = trickleUpload(
                        serverUri,
                        "POST /api/v1/files?name=trickle.bin HTTP/1.1\r\n"
                                + headers(serverUri, slow.token())
                                + "Content-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n",
                        trickle);
                tusThread.join();
                tus = tusAnswer.get();
            } finally {
                trickle.shutdownNow();
            }
            phase.set("after-trickle");

            // 500 idle connections: half say nothing, half send part of a request head and stop
            List<Socket> idle = new ArrayList<>();
            long threadsBefore = liveThreads(trickler, server);
            phase.set("idle-connections");
            long threadsDuring;
            int readyDuring;
            try {
                for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                    Socket socket = new Socket(serverUri.getHost(), serverUri.getPort());
                    idle.add(socket);
                    if (i % 2 == 1) {
                        OutputStream out = socket.getOutputStream();
                        out.write(("GET /api/v1/files HTTP/1.1\r\nHost: " + serverUri.getAuthority() + "\r\nX-Part")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
                waitFor(PHASE);
                threadsDuring = liveThreads(trickler, server);
                readyDuring = status(trickler, server.url() + "/readyz");
                // none of them was answered or closed: the server keeps them all open at once
                assertThat(idle).allMatch(s -> !s.isClosed());
                assertThat(openByServer(idle)).isEqualTo(IDLE_CONNECTIONS);
            } finally {
                for (Socket socket : idle) {
                    socket.close();
                }
            }
            phase.set("after");
            waitFor(PHASE);
            loadRunning.set(false);
            for (Thread user : users) {
                user.join();
            }
            int readyAfter = status(trickler, server.url() + "/readyz");
            long threadsAfter = liveThreads(trickler, server);

            long before = p99("before");
            long duringTrickle = p99("trickle");
            long duringIdle = p99("idle-connections");
            long after = p99("after");
            System.out.printf(
                    "slow clients: simple trickle %d %s after %d ms, closed %d ms later; tus trickle %d %s after %d ms,"
                            + " closed %d ms later%n"
                            + "  p99 before %d ms (n=%d), during the trickle %d ms (n=%d), with %d idle connections %d"
                            + " ms (n=%d), after %d ms (n=%d)%n"
                            + "  live threads: before %d, with the idle connections %d, after %d; /readyz %d then %d%n",
                    simple.status(),
                    simple.code(),
                    simple.afterMillis(),
                    simple.closedAfterMillis(),
                    tus.status(),
                    tus.code(),
                    tus.afterMillis(),
                    tus.closedAfterMillis(),
                    before,
                    count("before"),
                    duringTrickle,
                    count("trickle"),
                    IDLE_CONNECTIONS,
                    duringIdle,
                    count("idle-connections"),
                    after,
                    count("after"),
                    threadsBefore,
                    threadsDuring,
                    threadsAfter,
                    readyDuring,
                    readyAfter);

            assertThat(loadFailure.get()).as("every normal request succeeded").isNull();

            // the simple trickle: cut at the end of the first rate window (it is checked as each byte arrives)
            assertThat(simple.status()).isEqualTo(408);
            assertThat(simple.code()).isEqualTo("UPLOAD_TOO_SLOW");
            assertThat(simple.afterMillis()).isBetween(WINDOW.toMillis() - 500, WINDOW.toMillis() + 5_000);
            // and the connection goes with it: the rest of the body is not drained at 1 byte/s
            assertThat(simple.closedAfterMillis()).isBetween(0L, 5_000L);
            assertThat(filesNamed(cluster, "trickle.bin")).isZero();
            assertThat(stagedFiles(cluster)).isEmpty();

            // the tus trickle: cut likewise, the bytes received are kept, and the upload resumes from there
            assertThat(tus.status()).isEqualTo(408);
            assertThat(tus.code()).isEqualTo("UPLOAD_TOO_SLOW");
            assertThat(tus.afterMillis()).isBetween(WINDOW.toMillis() - 500, WINDOW.toMillis() + 5_000);
            assertThat(tus.closedAfterMillis()).isBetween(0L, 5_000L);
            resumeAndCheck(trickler, slow, tusUpload);

            long baseline = Math.max(before, P99_FLOOR_MILLIS);
            assertThat(duringTrickle).as("p99 during the trickle").isLessThanOrEqualTo(2 * baseline);
            assertThat(duringIdle).as("p99 with the idle connections").isLessThanOrEqualTo(2 * baseline);
            assertThat(after).as("p99 after").isLessThanOrEqualTo(2 * baseline);
            assertThat(readyDuring).isEqualTo(200);
            assertThat(readyAfter).isEqualTo(200);
            // connections cost no thread of their own (virtual threads, NIO poller)
            assertThat(threadsDuring).isLessThan(threadsBefore + 50);
        }
    }

    /** One normal user: uploads 8 KiB and downloads it back, over and over, timing each request. */
    private void load(ProtocolClient client, Session session, int user) {
        Random random = new Random(user);
        byte[] content = new byte[8 * 1024];
        try {
            for (int i = 0; loadRunning.get(); i++) {
                random.nextBytes(content);
                String name = "load-" + (i % 16) + ".bin";
                long start = System.nanoTime();
                HttpResponse<String> upload = client.send(HttpRequest.newBuilder(
                                URI.create(session.serverUrl() + "/api/v1/files?overwrite=true&name=" + name))
                        .header("Authorization", "Bearer " + session.token())
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(content)));
                record(start);
                if (upload.statusCode() != 201 && upload.statusCode() != 200) {
                    throw new AssertionError(
                            "upload by user" + user + ": " + upload.statusCode() + " " + upload.body());
                }
                String fileId = ProtocolClient.JSON
                        .readTree(upload.body())
                        .path("fileId")
                        .asString();
                start = System.nanoTime();
                HttpResponse<byte[]> download = client.download(session, fileId);
                record(start);
                if (download.statusCode() != 200 || !Arrays.equals(download.body(), content)) {
                    throw new AssertionError("download by user" + user + ": " + download.statusCode());
                }
            }
        } catch (Throwable e) {
            loadFailure.compareAndSet(null, e);
        }
    }

    private void record(long startNanos) {
        samples.add(new Sample(phase.get(), (System.nanoTime() - startNanos) / 1_000_000));
    }

    private long p99(String name) {
        long[] millis = samples.stream()
                .filter(s -> s.phase().equals(name))
                .mapToLong(Sample::millis)
                .sorted()
                .toArray();
        assertThat(millis).as("samples in phase " + name).hasSizeGreaterThan(100);
        return millis[(int) Math.ceil(millis.length * 0.99) - 1];
    }

    private long count(String name) {
        return samples.stream().filter(s -> s.phase().equals(name)).count();
    }

    private static String headers(URI server, String token) {
        return "Host: " + server.getAuthority() + "\r\nAuthorization: Bearer " + token + "\r\n";
    }

    /**
     * Sends a request head, then one body byte a second until the server closes the connection (a trickling client
     * need not read the answer); returns the answer and when it came.
     */
    private static Answer trickleUpload(URI server, String head, ScheduledExecutorService trickle) {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            // long enough for the cut (the window plus slack), short enough to fail soon when there is none
            socket.setSoTimeout((int) WINDOW.plusSeconds(30).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            var writing = trickle.scheduleAtFixedRate(
                    () -> {
                        try {
                            out.write('x');
                            out.flush();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e); // the server closed: stop trickling
                        }
                    },
                    0,
                    1,
                    TimeUnit.SECONDS);
            InputStream in = socket.getInputStream();
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                return new Answer(0, "no answer", (System.nanoTime() - start) / 1_000_000, -1);
            }
            long answered = System.nanoTime();
            long after = (answered - start) / 1_000_000;
            socket.setSoTimeout(20_000);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            received.write(first);
            long closedAfter;
            try {
                in.transferTo(received);
                closedAfter = (System.nanoTime() - answered) / 1_000_000;
            } catch (SocketTimeoutException e) {
                closedAfter = -1;
            } finally {
                writing.cancel(false);
            }
            String response = received.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
            int open = response.indexOf('{');
            int close = response.lastIndexOf('}');
            String code = open >= 0 && close > open
                    ? ProtocolClient.JSON
                            .readTree(response.substring(open, close + 1))
                            .path("code")
                            .asString()
                    : "(no problem body)";
            return new Answer(status, code, after, closedAfter);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static URI createTusUpload(ProtocolClient client, Session session) throws Exception {
        HttpResponse<String> created =
                client.send(HttpRequest.newBuilder(URI.create(session.serverUrl() + "/api/v1/uploads"))
                        .header("Authorization", "Bearer " + session.token())
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Length", Integer.toString(TUS_LENGTH))
                        .header(
                                "Upload-Metadata",
                                "filename "
                                        + Base64.getEncoder()
                                                .encodeToString("tus-trickle.bin".getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.noBody()));
        ProtocolClient.expect(created, 201);
        return URI.create(session.serverUrl())
                .resolve(created.headers().firstValue("Location").orElseThrow());
    }

    /** HEAD shows the bytes that trickled in before the cut; the rest completes the upload into a file. */
    private static void resumeAndCheck(ProtocolClient client, Session session, URI upload) throws Exception {
        HttpResponse<String> head = client.send(HttpRequest.newBuilder(upload)
                .header("Authorization", "Bearer " + session.token())
                .header("Tus-Resumable", "1.0.0")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        long offset = Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
        System.out.println("tus trickle kept " + offset + " bytes");
        assertThat(offset).isBetween(WINDOW.toSeconds() - 1, WINDOW.toSeconds() + 6);
        byte[] rest = new byte[TUS_LENGTH - (int) offset];
        Arrays.fill(rest, (byte) 'x');
        HttpResponse<String> patch = client.send(HttpRequest.newBuilder(upload)
                .header("Authorization", "Bearer " + session.token())
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(rest)));
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(204);
        String fileId = patch.headers().firstValue("X-File-Id").orElseThrow();
        HttpResponse<byte[]> download = client.download(session, fileId);
        byte[] expected = new byte[TUS_LENGTH];
        Arrays.fill(expected, (byte) 'x');
        assertThat(download.body()).isEqualTo(expected);
    }

    /** How many of the sockets the server has not closed: a read that times out means the connection is still open. */
    private static int openByServer(List<Socket> sockets) throws IOException {
        int open = 0;
        for (Socket socket : sockets) {
            socket.setSoTimeout(1);
            try {
                socket.getInputStream().read(); // an answer or the end of the stream: not left open
            } catch (SocketTimeoutException e) {
                open++;
            }
        }
        return open;
    }

    private static long liveThreads(ProtocolClient client, FaultCluster.Service server) throws Exception {
        HttpResponse<String> metrics =
                client.send(HttpRequest.newBuilder(URI.create(server.url() + "/actuator/prometheus")));
        return metrics.body()
                .lines()
                .filter(line -> line.startsWith("jvm_threads_live_threads"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no jvm_threads_live_threads in " + metrics.statusCode()));
    }

    private static int status(ProtocolClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url))).statusCode();
    }

    private static long filesNamed(FaultCluster cluster, String name) throws Exception {
        try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM files WHERE name = '" + name + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<Path> stagedFiles(FaultCluster cluster) throws IOException {
        Path tmp = cluster.blobRoot().resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return files.toList();
        }
    }

    /** Lets {@code duration} pass while the load runs (Awaitility, not a sleep). */
    private void waitFor(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        await().atMost(duration.plusSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> System.nanoTime() >= end || loadFailure.get() != null);
        assertThat(loadFailure.get()).as("every normal request succeeded").isNull();
    }
}
