package dev.filesys.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The abuse suite: a stranger's attacks against real processes with the heaps the Dockerfile and k8s/ give them
 * (balancer 307 MiB, file-service 921 MiB, both exiting on OutOfMemoryError). Bodies of 90 MB are refused and the
 * processes live; 1,000 anonymous handshakes leave the capacity for a real user; 100 registration floods leave
 * {@code GET /api/v1/me} fast; 100 concurrent wrong guesses are each counted; 1,000 slowloris connections leave the
 * services answering; an event-stream cap holds. Clients come from different loopback addresses ({@code 127.x.y.z}),
 * as strangers on other hosts would. Figures go to the test output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AbuseTest {

    private static final long NINETY_MB = 90L * 1024 * 1024;
    private static final int CAPACITY = 20;
    private static final Duration ANONYMOUS_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration HEAD_DEADLINE = Duration.ofSeconds(5);
    private static final String PASSWORD = "plain brass kettle 42";

    private FaultCluster cluster;
    private FaultCluster.Service file;

    @BeforeAll
    void start() throws Exception {
        Path dir =
                Path.of("target", "fault-abuse-" + System.currentTimeMillis()).toAbsolutePath();
        cluster = FaultCluster.startDeployed(
                dir,
                1,
                List.of("--filesys.balancer.limits.header-timeout=" + HEAD_DEADLINE.toSeconds() + "s"),
                List.of(
                        "--filesys.sessions.capacity=" + CAPACITY,
                        "--filesys.sessions.anonymous-timeout=" + ANONYMOUS_TIMEOUT.toSeconds() + "s",
                        "--filesys.sessions.housekeeping-interval=1s",
                        "--filesys.limits.header-timeout=" + HEAD_DEADLINE.toSeconds() + "s"));
        file = cluster.fileServices().getFirst();
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    // ---- bodies ---------------------------------------------------------------------------------------------------

    @Test
    void ninetyMegabyteBodiesAreRefusedAndTheProcessesLive() throws Exception {
        URI balancer = URI.create(cluster.balancer().url());
        URI server = URI.create(file.url());
        List<Huge> answers = new ArrayList<>();
        answers.add(sendHuge(balancer, "/api/v1/assignments", false, "{\"waitSeconds\":\""));
        answers.add(sendHuge(balancer, "/api/v1/assignments", true, "{\"waitSeconds\":\""));
        // four at once to the handshake, as the attack that ran a file-service out of memory
        try (ExecutorService four = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Huge>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean chunked = i % 2 == 1;
                sent.add(four.submit(() -> sendHuge(server, "/api/v1/sessions", chunked, "{\"authCode\":\"")));
            }
            for (Future<Huge> answer : sent) {
                answers.add(answer.get());
            }
        }
        System.out.printf(
                "abuse/bodies: %s%n",
                answers.stream()
                        .map(a -> a.status() + " " + a.code() + " after " + a.sentBeforeAnswer() / 1024 + " KiB")
                        .toList());

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.code()).isEqualTo("PAYLOAD_TOO_LARGE");
        });
        assertThat(cluster.balancer().process().isAlive()).isTrue();
        assertThat(file.process().isAlive()).isTrue();
        Client client = new Client(address("127.0.0.1"));
        Client.Opened session = client.openSession();
        assertThat(session.token()).isNotBlank();
    }

    // ---- capacity and handshakes ----------------------------------------------------------------------------------

    @Test
    void aThousandAnonymousHandshakesLeaveRoomForARealUser() throws Exception {
        int addresses = 25;
        int perAddress = 40;
        ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        try (ExecutorService workers = Executors.newFixedThreadPool(16)) {
            for (int a = 0; a < addresses; a++) {
                Client stranger = new Client(address("127.0.1." + (a + 1)));
                for (int i = 0; i < perAddress; i++) {
                    workers.submit(() -> {
                        try {
                            tokens.add(stranger.openSession().token());
                            count(outcomes, "opened");
                        } catch (Exception | AssertionError e) {
                            count(outcomes, String.valueOf(e.getMessage()).split(":")[0]);
                        }
                    });
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        JsonNode availability = availability();

        Client person = new Client(address("127.0.0.1"));
        Client.Opened real = person.openSession();
        int registered = person.registerPatiently(real.token(), "real-user").statusCode();
        int me = person.get(real.token(), "/api/v1/me").statusCode();

        System.out.printf(
                "abuse/handshakes: %s anonymous sessions in %d ms from %d addresses; availability then: %s;"
                        + " a real user then registered (%d) and read /me (%d)%n",
                outcomes, took.toMillis(), addresses, availability, registered, me);
        assertThat(outcomes.get("opened")).as(outcomes.toString()).hasValue(addresses * perAddress);
        assertThat(availability.path("available").asBoolean()).isTrue();
        assertThat(availability.path("activeSessions").asInt()).isLessThan(CAPACITY);
        assertThat(registered).isEqualTo(201);
        assertThat(me).isEqualTo(200);

        // and sessions nobody logs in to end after the anonymous timeout
        await("anonymous sessions closed")
                .atMost(ANONYMOUS_TIMEOUT.plusSeconds(30))
                .until(() -> openAnonymousSessions() == 0);
        String someone = tokens.peek();
        HttpResponse<String> expired = person.get(someone, "/api/v1/files");
        System.out.printf(
                "abuse/handshakes: after %d s every anonymous session is closed; one of their tokens now gets %d %s%n",
                ANONYMOUS_TIMEOUT.toSeconds(), expired.statusCode(), code(expired.body()));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(code(expired.body())).isEqualTo("SESSION_EXPIRED");
        assertThat(person.get(real.token(), "/api/v1/me").statusCode()).isEqualTo(200);
    }

    @Test
    void assignmentsFromOneAddressAreRateLimited() throws Exception {
        Client greedy = new Client(address("127.0.2.1"));
        Map<String, AtomicInteger> outcomes = new TreeMap<>();
        long retryAfter = -1;
        for (int i = 0; i < 120; i++) {
            HttpResponse<String> answer = greedy.assign();
            count(outcomes, answer.statusCode() + " " + code(answer.body()));
            if (answer.statusCode() == 429) {
                retryAfter = Long.parseLong(
                        answer.headers().firstValue("Retry-After").orElse("-1"));
            }
        }
        System.out.printf("abuse/assignments: 120 from one address: %s (Retry-After %d s)%n", outcomes, retryAfter);

        assertThat(outcomes.get("201 null").get()).isBetween(50, 80);
        assertThat(outcomes.get("429 RATE_LIMITED").get()).isPositive();
        assertThat(retryAfter).isPositive();
        // another address is not held back
        assertThat(new Client(address("127.0.2.2")).assign().statusCode()).isEqualTo(201);
    }

    // ---- registrations --------------------------------------------------------------------------------------------

    @Test
    void hundredsOfConcurrentRegistrationsLeaveMeFast() throws Exception {
        Client person = new Client(address("127.0.0.1"));
        Client.Opened session = person.openSession();
        assertThat(person.registerPatiently(session.token(), "steady-user").statusCode())
                .isEqualTo(201);
        List<Long> baseline = measureMe(person, session.token(), Duration.ofSeconds(5), new AtomicBoolean(false));

        // waves of 100 registrations at once, each from its own address (so the per-address allowance does not stop
        // them: the instance-wide allowance and the hashing threads must)
        int waves = 5;
        int concurrent = 100;
        List<Client> strangers = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < concurrent; i++) {
            Client stranger = new Client(address("127.0.3." + (i + 1)));
            strangers.add(stranger);
            tokens.add(stranger.openSession().token());
        }
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean(false);
        ConcurrentLinkedQueue<Long> during = new ConcurrentLinkedQueue<>();
        Thread measuring = Thread.ofVirtual().start(() -> {
            try {
                during.addAll(measureMe(person, session.token(), Duration.ofMinutes(2), done));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long started = System.nanoTime();
        for (int wave = 0; wave < waves; wave++) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                Client stranger = strangers.get(i);
                String token = tokens.get(i);
                String name = "junk-" + wave + "-" + i;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                        HttpResponse<String> answer = stranger.register(token, name, "junk horse battery " + name);
                        count(outcomes, answer.statusCode() + " " + code(answer.body()));
                    } catch (Exception e) {
                        count(outcomes, e.getClass().getSimpleName());
                    }
                }));
            }
            go.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
        }
        done.set(true);
        measuring.join();
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        int junk = junkAccounts();
        long p99 = p99(new ArrayList<>(during));
        System.out.printf(
                "abuse/registrations: %d waves of %d concurrent registrations from %d addresses in %d s: %s;"
                        + " %d junk accounts created; GET /api/v1/me p99 %d ms (n=%d) during, %d ms (n=%d) before%n",
                waves,
                concurrent,
                concurrent,
                seconds,
                new TreeMap<>(outcomes),
                junk,
                p99,
                during.size(),
                p99(baseline),
                baseline.size());

        // The goal: a p99 under 100 ms. Refusals are decided in a servlet filter that takes the instance's token and
        // reserves the hashing thread for the registrations it lets through, so a wave is refused from memory, not one
        // by one after the session lookup. On a freshly started service with nothing else running on the 2 cores:
        // 20 ms in a clean-clone CI run of the whole suite, 35, 38 and 39 ms run alone (docs/fault-suite.md). With
        // other builds beside it (load 6-12) it was 96-154 ms: the bound is the goal, for a machine running the suite.
        assertThat(p99).as("GET /api/v1/me p99 during the registrations").isLessThan(100);
        // the instance-wide allowance: a burst of 20, then 5 a second
        assertThat(junk).isLessThanOrEqualTo(20 + 5 * (int) (seconds + 2));
        assertThat(outcomes.keySet())
                .allMatch(k ->
                        k.startsWith("201") || k.startsWith("429 RATE_LIMITED") || k.startsWith("503 SERVER_BUSY"));
    }

    // ---- login throttle -------------------------------------------------------------------------------------------

    @Test
    void aHundredConcurrentWrongGuessesAreEachCounted() throws Exception {
        Client person = new Client(address("127.0.0.1"));
        assertThat(person.registerPatiently(person.openSession().token(), "victim")
                        .statusCode())
                .isEqualTo(201);
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sessions.add(
                    new Client(address("127.0.4." + (1 + i / 25))).openSession().token());
        }
        Client guesser = new Client(address("127.0.4.9"));
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> guesses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String token = sessions.get(i);
            // the right password as guess #51
            String password = i == 50 ? PASSWORD : "wrong guess " + i;
            guesses.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    HttpResponse<String> answer = guesser.login(token, "victim", password);
                    count(outcomes, answer.statusCode() + " " + code(answer.body()));
                } catch (Exception e) {
                    count(outcomes, e.getClass().getSimpleName());
                }
            }));
        }
        go.countDown();
        for (Thread guess : guesses) {
            guess.join();
        }
        int counted = failuresOf("victim");
        int evaluated = sum(outcomes, "200") + sum(outcomes, "401 INVALID_CREDENTIALS") + sum(outcomes, "503");
        System.out.printf(
                "abuse/guesses: 100 concurrent logins (the right password as #51): %s; %d evaluated, %d counted as"
                        + " failures%n",
                new TreeMap<>(outcomes), evaluated, counted);

        assertThat(outcomes.values().stream().mapToInt(AtomicInteger::get).sum())
                .isEqualTo(100);
        // five free attempts and the one that earns the first block; every other guess is refused unchecked
        assertThat(evaluated).isLessThanOrEqualTo(6);
        assertThat(sum(outcomes, "429")).isEqualTo(100 - evaluated);
        if (sum(outcomes, "200") == 0) {
            assertThat(counted).as("each checked guess was counted").isEqualTo(evaluated);
        }
        assertThat(outcomes.keySet()).noneMatch(k -> k.startsWith("5") && !k.startsWith("503 SERVER_BUSY"));
    }

    // ---- connections ----------------------------------------------------------------------------------------------

    @Test
    void aThousandSlowlorisConnectionsLeaveTheServicesAnswering() throws Exception {
        Client person = new Client(address("127.0.0.1"));
        Client.Opened session = person.openSession();
        person.registerPatiently(session.token(), "patient-user");
        Slowloris onFile = slowloris(URI.create(file.url()), address("127.0.5.1"), 1000, () -> {
            HttpResponse<String> me = person.get(session.token(), "/api/v1/me");
            return me.statusCode();
        });
        Slowloris onBalancer = slowloris(
                URI.create(cluster.balancer().url()),
                address("127.0.5.2"),
                1000,
                () -> person.assign().statusCode());
        System.out.printf("abuse/slowloris file-service: %s%nabuse/slowloris balancer: %s%n", onFile, onBalancer);

        for (Slowloris attack : List.of(onFile, onBalancer)) {
            assertThat(attack.normalStatuses())
                    .as("normal requests during the attack")
                    .allMatch(s -> s == 200 || s == 201);
            assertThat(attack.normalMaxMillis()).isLessThan(2_000);
            // 256 per address are let in; the rest are closed as they are accepted
            assertThat(attack.refusedAtOnce()).isGreaterThanOrEqualTo(1000 - 256);
            assertThat(attack.held()).isLessThanOrEqualTo(256);
            assertThat(attack.stillOpen())
                    .as("every held connection is cut at the head deadline")
                    .isZero();
            // the last held connection went at the deadline (from its first byte), give or take the watchdog's second
            assertThat(attack.lastClosedMillis())
                    .isLessThan(HEAD_DEADLINE.plusSeconds(10).toMillis());
        }
    }

    // ---- event streams --------------------------------------------------------------------------------------------

    @Test
    void aSessionHoldsAtMostFourEventStreams() throws Exception {
        Client person = new Client(address("127.0.6.1"));
        Client.Opened session = person.openSession();
        assertThat(person.registerPatiently(session.token(), "stream-user").statusCode())
                .isEqualTo(201);
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                HttpResponse<InputStream> stream = person.stream(session.token());
                open.add(stream);
                assertThat(stream.statusCode()).isEqualTo(200);
            }
            HttpResponse<InputStream> fifth = person.stream(session.token());
            open.add(fifth);
            String body = new String(fifth.body().readAllBytes(), StandardCharsets.UTF_8);
            System.out.printf("abuse/streams: 4 streams open, the fifth gets %d %s%n", fifth.statusCode(), code(body));
            assertThat(fifth.statusCode()).isEqualTo(429);
            assertThat(code(body)).isEqualTo("TOO_MANY_STREAMS");
        } finally {
            for (HttpResponse<InputStream> stream : open) {
                stream.body().close();
            }
        }
    }

    // ---- cluster token --------------------------------------------------------------------------------------------

    @Test
    void aServiceWithoutAClusterTokenRefusesToStart() throws Exception {
        Path dir = cluster.dataDir();
        String balancerJar = System.getProperty("filesys.balancer.jar");
        String fileJar = System.getProperty("filesys.file-service.jar");
        List<String> database = List.of(
                "--spring.datasource.url=" + cluster.jdbcUrl(),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--filesys.balancer.register=false",
                "--filesys.storage.root=" + dir.resolve("no-token-blobs"));
        try (ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<FaultCluster.Run> balancer = runs.submit(() -> FaultCluster.runOnce(
                    balancerJar,
                    FaultCluster.DEPLOYED_BALANCER_HEAP,
                    dir.resolve("no-token-balancer.log"),
                    Duration.ofMinutes(5),
                    List.of("--server.port=0")));
            Future<FaultCluster.Run> fileService = runs.submit(() -> FaultCluster.runOnce(
                    fileJar,
                    FaultCluster.DEPLOYED_FILE_SERVICE_HEAP,
                    dir.resolve("no-token-file.log"),
                    Duration.ofMinutes(5),
                    concat(database, List.of("--server.port=0"))));
            Future<FaultCluster.Run> wellKnown = runs.submit(() -> FaultCluster.runOnce(
                    fileJar,
                    FaultCluster.DEPLOYED_FILE_SERVICE_HEAP,
                    dir.resolve("well-known-token-file.log"),
                    Duration.ofMinutes(5),
                    concat(
                            database,
                            List.of("--server.port=0", "--filesys.balancer.cluster-token=local-dev-cluster-token"))));

            String balancerLine = line(balancer.get().output(), "No cluster token");
            String fileLine = line(fileService.get().output(), "No cluster token");
            String wellKnownLine = line(wellKnown.get().output(), "publicly known");
            System.out.printf(
                    "abuse/token: balancer exit %d: %s%n  file-service exit %d: %s%n  file-service with the old"
                            + " default exit %d: %s%n",
                    balancer.get().exitCode(),
                    balancerLine,
                    fileService.get().exitCode(),
                    fileLine,
                    wellKnown.get().exitCode(),
                    wellKnownLine);

            assertThat(balancer.get().exitCode()).isNotZero();
            assertThat(balancerLine).contains("the balancer refuses to start without FILESYS_CLUSTER_TOKEN");
            assertThat(fileService.get().exitCode()).isNotZero();
            assertThat(fileLine).contains("the file-service refuses to start without FILESYS_CLUSTER_TOKEN");
            assertThat(wellKnown.get().exitCode()).isNotZero();
            assertThat(wellKnownLine).contains("refuses to start");
            assertThat(balancer.get().output() + fileService.get().output()).doesNotContain("Tomcat started");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** What a 90 MB body got: the status and code, and how much of the body had gone out by then. */
    private record Huge(int status, String code, long sentBeforeAnswer) {}

    /**
     * Sends a request with a 90 MB JSON body (a string value that never ends), declared or chunked, while reading the
     * answer; the server answers and closes long before the body is through.
     */
    private static Huge sendHuge(URI target, String path, boolean chunked, String prefix) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(address("127.0.7.1"), 0));
            socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), 5_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + target.getAuthority()
                            + "\r\nContent-Type: application/json\r\n"
                            + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + NINETY_MB + "\r\n")
                            + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            AtomicLong sent = new AtomicLong();
            AtomicLong sentAtAnswer = new AtomicLong(-1);
            Thread writer = Thread.ofVirtual().start(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'x');
                byte[] first = prefix.getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(first, 0, chunk, 0, first.length);
                try {
                    while (sent.get() < NINETY_MB) {
                        if (chunked) {
                            out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(chunk);
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        } else {
                            out.write(chunk);
                        }
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    // the server answered and closed: the rest of the body is never read
                }
            });
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                int read;
                while ((read = in.read(buffer)) > 0) {
                    if (sentAtAnswer.get() < 0) {
                        sentAtAnswer.set(sent.get());
                    }
                    answer.write(buffer, 0, read);
                }
            } catch (IOException e) {
                // a reset after the answer: what was read is the answer
            }
            socket.close();
            try {
                writer.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
            int open = text.indexOf('{');
            String code = open < 0 ? "(no body)" : code(text.substring(open, text.lastIndexOf('}') + 1));
            return new Huge(status, code, sentAtAnswer.get());
        }
    }

    /** What a slowloris attack did and how normal requests fared meanwhile. */
    private record Slowloris(
            int refusedAtOnce,
            int held,
            int stillOpen,
            long lastClosedMillis,
            List<Integer> normalStatuses,
            long normalMaxMillis) {}

    @FunctionalInterface
    private interface NormalRequest {
        int status() throws Exception;
    }

    /**
     * Opens {@code count} connections from {@code from}, each sending a request head one byte a second, while a normal
     * client keeps asking; returns when every connection is closed by the server (or 30 s have passed).
     */
    private static Slowloris slowloris(URI target, InetAddress from, int count, NormalRequest normal) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        long[] connectedAt = new long[count];
        long[] closedAt = new long[count];
        long start = System.nanoTime();
        ScheduledExecutorService trickle = Executors.newScheduledThreadPool(2);
        List<Thread> readers = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(from, 0));
                socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), 5_000);
                connectedAt[i] = System.nanoTime();
                sockets.add(socket);
                OutputStream out = socket.getOutputStream();
                try {
                    out.write(("GET /api/v1/me HTTP/1.1\r\nHost: " + target.getAuthority() + "\r\nX-Slow: ")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // refused already
                }
                int n = i;
                readers.add(Thread.ofVirtual().start(() -> {
                    try {
                        while (socket.getInputStream().read() >= 0) {
                            // an answer would be a failure of the deadline; read to the end
                        }
                    } catch (IOException e) {
                        // reset: closed by the server
                    }
                    closedAt[n] = System.nanoTime();
                }));
            }
            trickle.scheduleAtFixedRate(
                    () -> {
                        for (Socket socket : sockets) {
                            try {
                                socket.getOutputStream().write('a');
                            } catch (IOException e) {
                                // closed
                            }
                        }
                    },
                    1,
                    1,
                    TimeUnit.SECONDS);
            List<Integer> statuses = new ArrayList<>();
            long[] maxMillis = {0};
            // a normal client asks every 200 ms until the server has closed every slow connection
            try {
                await("every slow connection closed")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            long asked = System.nanoTime();
                            statuses.add(normal.status());
                            maxMillis[0] = Math.max(maxMillis[0], (System.nanoTime() - asked) / 1_000_000);
                            return Arrays.stream(closedAt).allMatch(t -> t > 0);
                        });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // reported below as connections still open
            }
            int refused = 0;
            int open = 0;
            long last = 0;
            for (int i = 0; i < count; i++) {
                if (closedAt[i] == 0) {
                    open++;
                } else {
                    last = Math.max(last, (closedAt[i] - start) / 1_000_000);
                    if ((closedAt[i] - connectedAt[i]) / 1_000_000 < 1_500) {
                        refused++;
                    }
                }
            }
            return new Slowloris(refused, count - refused - open, open, last, statuses, maxMillis[0]);
        } finally {
            trickle.shutdownNow();
            for (Socket socket : sockets) {
                socket.close();
            }
            for (Thread reader : readers) {
                reader.join(Duration.ofSeconds(5));
            }
        }
    }

    /** Latencies of {@code GET /api/v1/me}, asked by three clients one after the other, for {@code how long}. */
    private static List<Long> measureMe(Client client, String token, Duration howLong, AtomicBoolean stop)
            throws InterruptedException {
        ConcurrentLinkedQueue<Long> millis = new ConcurrentLinkedQueue<>();
        long until = System.nanoTime() + howLong.toNanos();
        List<Thread> askers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            askers.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < until && !stop.get()) {
                    long asked = System.nanoTime();
                    try {
                        int status = client.get(token, "/api/v1/me").statusCode();
                        millis.add(status == 200 ? (System.nanoTime() - asked) / 1_000_000 : Long.MAX_VALUE);
                    } catch (Exception e) {
                        millis.add(Long.MAX_VALUE);
                    }
                }
            }));
        }
        for (Thread asker : askers) {
            asker.join();
        }
        return new ArrayList<>(millis);
    }

    private static long p99(List<Long> millis) {
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        assertThat(sorted).as("samples").hasSizeGreaterThan(50);
        return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
    }

    private JsonNode availability() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(file.url() + "/internal/v1/availability"))
                                .header("Authorization", "Bearer " + cluster.clusterToken())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return ProtocolClient.JSON.readTree(answer.body());
    }

    private int openAnonymousSessions() throws Exception {
        return queryInt("select count(*) from sessions where state = 'OPEN' and user_id is null");
    }

    private int junkAccounts() throws Exception {
        return queryInt("select count(*) from users where username like 'junk-%'");
    }

    private int failuresOf(String username) throws Exception {
        String key = "user:"
                + HexFormat.of()
                        .formatHex(
                                MessageDigest.getInstance("SHA-256").digest(username.getBytes(StandardCharsets.UTF_8)));
        return queryInt("select coalesce(max(failures), 0) from login_attempts where throttle_key = '" + key + "'");
    }

    private int queryInt(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static String line(String output, String containing) {
        return output.lines().filter(l -> l.contains(containing)).findFirst().orElse("(no such line)");
    }

    private static List<String> concat(List<String> one, List<String> other) {
        List<String> all = new ArrayList<>(one);
        all.addAll(other);
        return all;
    }

    private static void count(Map<String, AtomicInteger> outcomes, String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
    }

    private static int sum(Map<String, AtomicInteger> outcomes, String statusPrefix) {
        return outcomes.entrySet().stream()
                .filter(e -> e.getKey().startsWith(statusPrefix))
                .mapToInt(e -> e.getValue().get())
                .sum();
    }

    private static String code(String body) {
        if (body == null || body.isBlank() || !body.strip().startsWith("{")) {
            return null;
        }
        JsonNode node = ProtocolClient.JSON.readTree(body);
        return node.hasNonNull("code") ? node.path("code").asString() : null;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A client on one loopback address: the protocol's requests, answers as they come. */
    private final class Client {

        record Opened(String serverUrl, String token) {}

        private final HttpClient http;

        Client(InetAddress from) {
            this.http = HttpClient.newBuilder()
                    .localAddress(from)
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
        }

        HttpResponse<String> assign() throws Exception {
            return send(HttpRequest.newBuilder(URI.create(cluster.balancer().url() + "/api/v1/assignments"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
        }

        /** An assignment that waits up to 10 s for a server, as the CLI asks when a first try finds none. */
        HttpResponse<String> assignWaiting() throws Exception {
            return send(HttpRequest.newBuilder(URI.create(cluster.balancer().url() + "/api/v1/assignments"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"waitSeconds\":10}")));
        }

        Opened openSession() throws Exception {
            HttpResponse<String> assigned = assignWaiting();
            JsonNode assignment = expect(assigned, 201);
            String server = assignment.path("serverUrl").asString();
            JsonNode handshake = expect(
                    post(
                            server + "/api/v1/sessions",
                            null,
                            Map.of("authCode", assignment.path("authCode").asString())),
                    201);
            JsonNode ack = expect(
                    post(
                            server + "/api/v1/sessions/"
                                    + handshake.path("sessionId").asString() + "/ack",
                            null,
                            Map.of("serverNonce", handshake.path("serverNonce").asString())),
                    200);
            return new Opened(server, ack.path("sessionToken").asString());
        }

        HttpResponse<String> register(String token, String username, String password) throws Exception {
            return post(file.url() + "/api/v1/users", token, Map.of("username", username, "password", password));
        }

        /**
         * Registers with {@link #PASSWORD} as a person would when the server says "later" ({@code 429} or {@code 503}):
         * again after {@code Retry-After}. A test that ran just before may have spent the instance's registrations.
         */
        HttpResponse<String> registerPatiently(String token, String username) throws Exception {
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                HttpResponse<String> answer = register(token, username, PASSWORD);
                int status = answer.statusCode();
                if ((status != 429 && status != 503) || System.nanoTime() > until) {
                    return answer;
                }
                long retryAfter = Long.parseLong(
                        answer.headers().firstValue("Retry-After").orElse("1"));
                await("Retry-After of a registration")
                        .atMost(Duration.ofSeconds(retryAfter + 5))
                        .pollDelay(Duration.ofSeconds(retryAfter))
                        .until(() -> true);
            }
        }

        HttpResponse<String> login(String token, String username, String password) throws Exception {
            return post(file.url() + "/api/v1/login", token, Map.of("username", username, "password", password));
        }

        HttpResponse<String> get(String token, String path) throws Exception {
            return send(
                    HttpRequest.newBuilder(URI.create(file.url() + path)).header("Authorization", "Bearer " + token));
        }

        HttpResponse<InputStream> stream(String token) throws Exception {
            return http.send(
                    HttpRequest.newBuilder(URI.create(file.url() + "/api/v1/events"))
                            .header("Authorization", "Bearer " + token)
                            .header("Accept", "text/event-stream")
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        }

        private HttpResponse<String> post(String url, String token, Object body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ProtocolClient.JSON.writeValueAsString(body)));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return send(request);
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private JsonNode expect(HttpResponse<String> response, int status) {
            if (response.statusCode() != status) {
                throw new AssertionError(response.statusCode() + " " + code(response.body()) + ": "
                        + response.request().uri().getPath());
            }
            return ProtocolClient.JSON.readTree(response.body());
        }
    }
}
