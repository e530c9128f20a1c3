package dev.filesys.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.fault.FaultCluster.Service;
import dev.filesys.fault.ProtocolClient.Session;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Fault-suite item 3 (docs/fault-suite.md): PostgreSQL stopped and started again under load (clients uploading and
 * downloading through the protocol, sessions on both file-services). During the outage every answer is a success or
 * {@code 503} problem+json {@code DATABASE_UNAVAILABLE} with {@code Retry-After}, never a 500 or a stack trace;
 * afterwards the services recover on their own and every acknowledged upload downloads intact.
 */
class DatabaseRestartTest {

    private static final int CLIENTS = 6;
    private static final Duration BEFORE = Duration.ofSeconds(4);
    private static final Duration OUTAGE = Duration.ofSeconds(8);
    private static final Duration AFTER = Duration.ofSeconds(3);
    private static final String PASSWORD = "correct horse battery";
    private static final HexFormat HEX = HexFormat.of();

    /** One request: when it started (nanos), what it was, its status (-1: no answer), content type and body. */
    private record Sample(
            long startedAt, String what, int status, String contentType, String retryAfter, String body) {}

    /** An acknowledged upload: which client, the file id and the content's digest. */
    private record Stored(int client, String fileId, String sha256) {}

    @Test
    void anOutageIs503ProblemsAndNothingAcknowledgedIsLost() throws Exception {
        Path dir = Path.of("target", "fault-db-restart-" + System.currentTimeMillis())
                .toAbsolutePath();
        try (FaultCluster cluster =
                FaultCluster.startWithRestartableDatabase(dir, 2, dir.resolve("blobs"), List.of())) {
            ProtocolClient client = new ProtocolClient(cluster.balancer().url());
            List<Session> sessions = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                sessions.add(client.registeredSession("restart" + c, PASSWORD));
            }
            assertThat(sessions).extracting(Session::serverId).contains("file-1", "file-2");

            ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Stored> stored = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> load = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int clientNo = c;
                Session session = sessions.get(c);
                Random random = new Random(20261129L + c);
                load.add(Thread.ofVirtual().start(() -> {
                    List<Stored> mine = new ArrayList<>();
                    // bounded by count as well as by the flag, so a broken test cannot spin forever
                    for (int n = 0; n < 20_000 && running.get(); n++) {
                        if (n % 2 == 0 || mine.isEmpty()) {
                            Stored upload = upload(client, session, clientNo, n, random, samples);
                            if (upload != null) {
                                mine.add(upload);
                                stored.add(upload);
                            }
                        } else {
                            download(client, session, mine.get(random.nextInt(mine.size())), samples);
                        }
                    }
                }));
            }

            long stoppedAt;
            long restartedAt;
            long recoveredAt;
            try {
                await().pollDelay(BEFORE).until(() -> true);
                stoppedAt = System.nanoTime();
                cluster.stopDatabase();
                try {
                    await().pollDelay(OUTAGE).until(() -> true);
                } finally {
                    restartedAt = System.nanoTime();
                    cluster.startDatabase();
                }
                await("uploads succeed again after the restart")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> samples.stream()
                                .anyMatch(s ->
                                        s.startedAt() > restartedAt && s.what().equals("upload") && s.status() == 201));
                recoveredAt = System.nanoTime();
                await().pollDelay(AFTER).until(() -> true);
            } finally {
                running.set(false);
                for (Thread thread : load) {
                    thread.join();
                }
            }

            List<Sample> all = new ArrayList<>(samples);
            List<Sample> outage = all.stream()
                    .filter(s -> s.startedAt() >= stoppedAt && s.startedAt() < restartedAt)
                    .toList();
            List<Sample> unavailable =
                    all.stream().filter(s -> s.status() == 503).toList();
            System.out.printf(
                    "database restart: %d requests, %d during the %d s outage, %d answered 503 (%d during the"
                            + " outage); uploads succeeded again %d ms after PostgreSQL was started"
                            + " (%d ms after it was stopped); %d uploads acknowledged%n",
                    all.size(),
                    outage.size(),
                    OUTAGE.toSeconds(),
                    unavailable.size(),
                    outage.stream().filter(s -> s.status() == 503).count(),
                    (recoveredAt - restartedAt) / 1_000_000,
                    (recoveredAt - stoppedAt) / 1_000_000,
                    stored.size());

            assertThat(all)
                    .as("every answer is a success or 503")
                    .allSatisfy(s -> assertThat(s.status()).as(s.toString()).isIn(200, 201, 503));
            assertThat(unavailable).as("the outage was seen").isNotEmpty();
            assertThat(outage).as("requests during the outage").isNotEmpty();
            assertThat(unavailable).allSatisfy(s -> {
                assertThat(s.contentType()).as(s.toString()).startsWith("application/problem+json");
                assertThat(ProtocolClient.JSON.readTree(s.body()).path("code").asString())
                        .as(s.toString())
                        .isEqualTo("DATABASE_UNAVAILABLE");
                assertThat(s.retryAfter()).as(s.toString()).isNotNull();
                assertThat(s.body()).as(s.toString()).doesNotContain("Exception", "\tat ", "org.", "java.");
            });
            assertThat(all.stream().filter(s -> s.startedAt() >= recoveredAt))
                    .as("after the recovery")
                    .isNotEmpty()
                    .allSatisfy(s -> assertThat(s.status()).as(s.toString()).isIn(200, 201));

            for (Stored upload : stored) {
                HttpResponse<byte[]> download = client.download(sessions.get(upload.client()), upload.fileId());
                assertThat(download.statusCode()).as(upload.toString()).isEqualTo(200);
                assertThat(sha256(download.body())).as(upload.toString()).isEqualTo(upload.sha256());
            }
            for (Service fileService : cluster.fileServices()) {
                await("the events listener of " + fileService.id() + " reconnects")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> cluster.logOf(fileService).contains("events listener reconnected"));
            }
        }
    }

    private static Stored upload(
            ProtocolClient client,
            Session session,
            int clientNo,
            int n,
            Random random,
            ConcurrentLinkedQueue<Sample> samples) {
        byte[] content = new byte[16 * 1024 + random.nextInt(240 * 1024)];
        random.nextBytes(content);
        String sha256 = sha256(content);
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(session.serverUrl()
                            + "/api/v1/files?name="
                            + URLEncoder.encode("c" + clientNo + "-" + n + ".bin", StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + session.token())
                    .header("Content-Type", "application/octet-stream")
                    .header("X-Checksum-SHA256", sha256)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(content)));
            samples.add(sample(start, "upload", response, response.body()));
            return response.statusCode() == 201
                    ? new Stored(
                            clientNo,
                            ProtocolClient.JSON
                                    .readTree(response.body())
                                    .path("fileId")
                                    .asString(),
                            sha256)
                    : null;
        } catch (Exception e) {
            samples.add(new Sample(start, "upload", -1, null, null, e.toString()));
            return null;
        }
    }

    private static void download(
            ProtocolClient client, Session session, Stored file, ConcurrentLinkedQueue<Sample> samples) {
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = client.download(session, file.fileId());
            String body = response.statusCode() == 200
                    ? (sha256(response.body()).equals(file.sha256()) ? "" : "WRONG BYTES")
                    : new String(response.body(), StandardCharsets.UTF_8);
            samples.add(sample(start, "download", response, body));
            if (body.equals("WRONG BYTES")) {
                samples.add(new Sample(start, "download " + file, -2, null, null, body));
            }
        } catch (Exception e) {
            samples.add(new Sample(start, "download", -1, null, null, e.toString()));
        }
    }

    private static Sample sample(long start, String what, HttpResponse<?> response, String body) {
        return new Sample(
                start,
                what,
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.headers().firstValue("Retry-After").orElse(null),
                body);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
