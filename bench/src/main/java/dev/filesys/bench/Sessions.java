package dev.filesys.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Section 4: handshakes per second (with auth codes fetched from the real balancer just before), and logins per second
 * next to the raw Argon2id rate with the file-service's parameters, measured in the same run.
 */
final class Sessions {

    static final String SECTION = "4. Sessions";
    /** The file-service's defaults (docs/file-service-sessions.md): 19 MiB, 2 iterations, parallelism 1. */
    static final int MEMORY_KIB = 19456;

    static final int ITERATIONS = 2;
    private static final int LOGIN_CLIENTS = 4;
    private static final int HANDSHAKE_CLIENTS = 16;

    private final Bench.Context context;
    private final Report report;

    Sessions(Bench.Context context) {
        this.context = context;
        this.report = context.report();
    }

    void run() throws Exception {
        Options options = context.options();
        Api api = context.api();
        int cores = Runtime.getRuntime().availableProcessors();
        Bench.log("sessions: " + LOGIN_CLIENTS + " users");
        List<Api.Session> sessions = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < LOGIN_CLIENTS; i++) {
            Api.Session session = api.openSession();
            String user = "login-" + i + "-" + Bench.RUN_TAG;
            api.register(session, user);
            sessions.add(session);
            users.add(user);
        }
        Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, MEMORY_KIB, ITERATIONS);
        String hash = argon2.encode(Api.PASSWORD);

        Report.Figure limit = report.figure(
                SECTION, "limit: Argon2id verifications/s, " + cores + " threads in the bench JVM", "1/s");
        Report.Figure logins = report.figure(SECTION, "logins/s, " + LOGIN_CLIENTS + " clients", "1/s");
        Report.Figure loginP50 = report.figure(SECTION, "login p50", "ms");
        Report.Figure loginP99 = report.figure(SECTION, "login p99", "ms");
        Report.Figure assignments = report.figure(
                SECTION,
                "assignments/s (real balancer probing the file-service), " + HANDSHAKE_CLIENTS + " clients",
                "1/s");
        Report.Figure assignmentP50 = report.figure(SECTION, "assignment p50", "ms");
        Report.Figure assignmentP99 = report.figure(SECTION, "assignment p99", "ms");
        Report.Figure handshakes =
                report.figure(SECTION, "handshakes/s (POST sessions + ack), " + HANDSHAKE_CLIENTS + " clients", "1/s");
        Report.Figure handshakeP50 = report.figure(SECTION, "handshake p50", "ms");
        Report.Figure handshakeP99 = report.figure(SECTION, "handshake p99", "ms");

        Duration duration = options.duration();
        Bench.log("sessions: warm-up");
        argon2Rate(argon2, hash, cores, Duration.ofSeconds(1));
        loginRun(api, sessions, users, Duration.ofSeconds(2));
        for (int run = 0; run < options.runs(); run++) {
            Bench.log("sessions: run " + (run + 1) + "/" + options.runs());
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == (run % 2 == 0)) {
                    limit.add(argon2Rate(argon2, hash, cores, duration));
                } else {
                    ClosedLoop.Result result = loginRun(api, sessions, users, duration);
                    logins.add(result.perSecond());
                    loginP50.add(result.p50Millis());
                    loginP99.add(result.p99Millis());
                }
            }
            ConcurrentLinkedQueue<Api.Assignment> codes = new ConcurrentLinkedQueue<>();
            ClosedLoop.Result assigned = ClosedLoop.run(
                    HANDSHAKE_CLIENTS,
                    min(duration, Duration.ofSeconds(5)),
                    50_000,
                    client -> () -> codes.add(api.assign()));
            check("assignments", assigned);
            assignments.add(assigned.perSecond());
            assignmentP50.add(assigned.p50Millis());
            assignmentP99.add(assigned.p99Millis());
            // the codes live 30 s: use them at once, and never for longer than the duration
            ClosedLoop.Result shaken = ClosedLoop.run(
                    HANDSHAKE_CLIENTS, min(duration, Duration.ofSeconds(15)), codes.size(), client -> () -> {
                        Api.Assignment code = codes.poll();
                        if (code != null) {
                            api.ack(api.begin(code));
                        }
                    });
            check("handshakes", shaken);
            handshakes.add(shaken.perSecond());
            handshakeP50.add(shaken.p50Millis());
            handshakeP99.add(shaken.p99Millis());
        }
        report.ratio(SECTION, "logins/s / Argon2id limit", logins, limit);
        report.note(
                SECTION,
                "Java generator on virtual threads (JDK HttpClient, closed loop). A login is `POST /api/v1/login` on an"
                        + " open session (Argon2id verification with m=" + MEMORY_KIB + " KiB, t=" + ITERATIONS
                        + ", p=1, the service's defaults; a throttle-row update; the token is rotated and the next"
                        + " login uses the new one). The limit runs the same Argon2PasswordEncoder in the bench JVM on "
                        + cores + " threads (the machine's cores) with nothing else running, alternated with the"
                        + " login runs. Assignments then handshakes per run: first up to 5 s of `POST /api/v1/assignments`"
                        + " (each a live availability probe of the file-service and an Ed25519 signature), collecting"
                        + " the codes, then the handshake (`POST /api/v1/sessions`, `POST …/ack`: JWS verification,"
                        + " the replay-check insert, the session insert and update) with those codes.");
    }

    private static ClosedLoop.Result loginRun(
            Api api, List<Api.Session> sessions, List<String> users, Duration duration) {
        List<Api.Session> current = new ArrayList<>(sessions);
        ClosedLoop.Result result = ClosedLoop.run(LOGIN_CLIENTS, duration, 100_000, client -> () -> {
            current.set(client, api.login(current.get(client), users.get(client)));
        });
        check("logins", result);
        sessions.clear();
        sessions.addAll(current);
        return result;
    }

    /** Argon2id verifications per second on {@code threads} threads. */
    static double argon2Rate(Argon2PasswordEncoder argon2, String hash, int threads, Duration duration)
            throws Exception {
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 100_000 && System.nanoTime() < deadline; i++) {
                        if (!argon2.matches(Api.PASSWORD, hash)) {
                            throw new IllegalStateException("Argon2 did not match");
                        }
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    static void check(String what, ClosedLoop.Result result) {
        if (result.errors() > 0) {
            throw new IllegalStateException(
                    what + ": " + result.errors() + " operations failed, first: " + result.firstError());
        }
        if (result.operations() == 0) {
            throw new IllegalStateException(what + ": nothing was done");
        }
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
