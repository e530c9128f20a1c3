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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Fault-suite item 1 (docs/fault-suite.md): a file-service killed with SIGKILL at each upload failpoint (after the
 * temporary write, after the rename before the commit, after the commit before the reply) while 50 clients upload.
 * After each kill it is started again on the same port, blob root and database. At the end: every acknowledged upload
 * downloads intact, every visible file matches its SHA-256, no row lacks its blob, and once the sweeper's grace period
 * has passed no blob or temporary file lacks a row.
 */
class CrashTest {

    private static final int CLIENTS = 50;
    /** Users: every login costs an Argon2 hash, so each user's session is shared by {@code CLIENTS / USERS} clients. */
    private static final int USERS = 10;
    /** Uploads that pass the armed failpoint before it stops the next one (and every later one). */
    private static final int PASSES = 100;

    private static final List<String> FAILPOINTS = List.of("after-staging", "after-publish", "after-commit");
    private static final String PASSWORD = "correct horse battery";
    private static final HexFormat HEX = HexFormat.of();

    /** One upload sent: by which client (its user is {@code client % USERS}), under which name, the content's seed, size and digest, and whether it was a 201. */
    private record Upload(int client, String name, long seed, int size, String sha256, boolean acknowledged) {}

    @Test
    void aKillAtAnyFailpointLosesNothingAcknowledgedAndLeavesNothingBehind() throws Exception {
        long seed = Long.getLong("filesys.fault.seed", 20261129L);
        Path dir =
                Path.of("target", "fault-crash-" + System.currentTimeMillis()).toAbsolutePath();
        try (FaultCluster cluster = FaultCluster.start(dir, 1, dir.resolve("blobs"), List.of())) {
            ProtocolClient client = new ProtocolClient(cluster.balancer().url());
            for (int u = 0; u < USERS; u++) {
                client.registeredSession(user(u), PASSWORD);
            }
            Service fileService = cluster.fileServices().getFirst();
            ConcurrentLinkedQueue<Upload> uploads = new ConcurrentLinkedQueue<>();
            for (int round = 0; round < FAILPOINTS.size(); round++) {
                String failpoint = FAILPOINTS.get(round);
                FaultCluster.kill(fileService);
                fileService = cluster.restartFileService(
                        fileService, List.of("--filesys.failpoints." + failpoint + "=pause-after:" + PASSES));
                long before = uploads.stream().filter(Upload::acknowledged).count();
                uploadUntilKilled(cluster, client, fileService, failpoint, round, seed, uploads);
                System.out.printf(
                        "crash at %s: %d uploads acknowledged in this round%n",
                        failpoint, uploads.stream().filter(Upload::acknowledged).count() - before);
            }

            FaultCluster.kill(fileService);
            fileService = cluster.restartFileService(
                    fileService, List.of("--filesys.sweeper.interval=1s", "--filesys.sweeper.grace-period=3s"));

            List<Upload> all = new ArrayList<>(uploads);
            List<Upload> acknowledged =
                    all.stream().filter(Upload::acknowledged).toList();
            System.out.printf(
                    "crash test: %d uploads sent, %d acknowledged, %d cut off by the kills%n",
                    all.size(), acknowledged.size(), all.size() - acknowledged.size());
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200);

            Map<String, Upload> byName = all.stream().collect(Collectors.toMap(Upload::name, u -> u));
            int visible = 0;
            int visibleUnacknowledged = 0;
            for (int u = 0; u < USERS; u++) {
                Session session = client.loggedInSession(user(u), PASSWORD);
                Map<String, JsonNode> listed = listAll(client, session);
                for (JsonNode file : listed.values()) {
                    String name = file.path("name").asString();
                    Upload sent = byName.get(name);
                    assertThat(sent)
                            .as("a visible file no client sent: %s", name)
                            .isNotNull();
                    assertThat(file.path("sha256").asString())
                            .as("digest of %s", name)
                            .isEqualTo(sent.sha256());
                    assertThat(file.path("size").asLong())
                            .as("size of %s", name)
                            .isEqualTo(sent.size());
                    HttpResponse<byte[]> download =
                            client.download(session, file.path("fileId").asString());
                    assertThat(download.statusCode()).as("download of %s", name).isEqualTo(200);
                    assertThat(sha256(download.body())).as("bytes of %s", name).isEqualTo(sent.sha256());
                    visible++;
                    if (!sent.acknowledged()) {
                        visibleUnacknowledged++;
                    }
                }
                for (Upload upload : acknowledged) {
                    if (upload.client() % USERS == u) {
                        assertThat(listed)
                                .as("acknowledged upload %s", upload.name())
                                .containsKey(upload.name());
                    }
                }
            }
            System.out.printf(
                    "crash test: %d files visible after the restarts, %d of them from uploads cut off after the commit%n",
                    visible, visibleUnacknowledged);

            Path blobs = cluster.blobRoot();
            Set<String> rows = blobRows(cluster);
            assertThat(rows)
                    .as("blob rows whose bytes are missing")
                    .allSatisfy(sha256 -> assertThat(blobPath(blobs, sha256)).exists());
            assertThat(fileRowsWithoutBlobRow(cluster))
                    .as("files rows without a blob row")
                    .isZero();

            System.out.printf(
                    "crash test: before sweeping, %d blob files on disk for %d rows, %d temporary files%n",
                    blobFiles(blobs).size(), rows.size(), temporaryFiles(blobs).size());
            await("the sweeper removes blob files without a row and temporary files")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(temporaryFiles(blobs)).isEmpty();
                        assertThat(blobFiles(blobs)).isSubsetOf(blobRows(cluster));
                    });
            assertThat(blobRows(cluster))
                    .allSatisfy(sha256 -> assertThat(blobPath(blobs, sha256)).exists());
        }
    }

    /**
     * Runs {@link #CLIENTS} clients, each uploading random content (with its {@code X-Checksum-SHA256}) one upload after
     * another, until the file-service logs that the failpoint stopped a request; then kills it with SIGKILL and waits
     * until every client has seen its last answer (or lost connection).
     */
    private static void uploadUntilKilled(
            FaultCluster cluster,
            ProtocolClient client,
            Service fileService,
            String failpoint,
            int round,
            long seed,
            ConcurrentLinkedQueue<Upload> uploads)
            throws Exception {
        List<Session> sessions = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            sessions.add(client.loggedInSession(user(u), PASSWORD));
        }
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int clientNo = c;
            Random random = new Random(seed * 1_000_003L + round * 1_009L + c);
            threads.add(Thread.ofVirtual().start(() -> {
                // bounded by count as well as by the kill, so a broken test cannot spin forever
                for (int n = 0; n < 1_000 && !killed.get(); n++) {
                    uploads.add(upload(client, sessions.get(clientNo % USERS), clientNo, round, n, random));
                }
            }));
        }
        String marker = "FAILPOINT " + failpoint.toUpperCase().replace('-', '_') + " reached";
        try {
            await("the failpoint " + failpoint + " is reached (log: " + fileService.log() + ")")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> cluster.logOf(fileService).contains(marker));
        } finally {
            killed.set(true);
            FaultCluster.kill(fileService);
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    private static Upload upload(
            ProtocolClient client, Session session, int clientNo, int round, int n, Random random) {
        // mostly small files, a quarter of them up to 2 MiB, and now and then an empty one
        int size = random.nextInt(20) == 0
                ? 0
                : random.nextInt(4) == 0 ? random.nextInt(2 << 20) : random.nextInt(64 << 10);
        long contentSeed = random.nextLong();
        byte[] content = content(contentSeed, size);
        String sha256 = sha256(content);
        String name = "r" + round + "-c" + clientNo + "-" + n + ".bin";
        boolean acknowledged;
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(session.serverUrl()
                            + "/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + session.token())
                    .header("Content-Type", "application/octet-stream")
                    .header("X-Checksum-SHA256", sha256)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(content)));
            acknowledged = response.statusCode() == 201;
        } catch (Exception e) {
            // the process was killed under this request: it may or may not have been stored
            acknowledged = false;
        }
        return new Upload(clientNo, name, contentSeed, size, sha256, acknowledged);
    }

    private static Map<String, JsonNode> listAll(ProtocolClient client, Session session) throws Exception {
        Map<String, JsonNode> files = new HashMap<>();
        String cursor = "";
        for (int page = 0; page < 100; page++) {
            JsonNode body = ProtocolClient.expect(
                    client.send(HttpRequest.newBuilder(URI.create(
                                    session.serverUrl() + "/api/v1/files?scope=owned&limit=1000&cursor=" + cursor))
                            .header("Authorization", "Bearer " + session.token())),
                    200);
            for (JsonNode item : body.path("items")) {
                files.put(item.path("name").asString(), item);
            }
            if (!body.has("nextCursor")) {
                break;
            }
            cursor = body.path("nextCursor").asString();
        }
        return files;
    }

    private static Set<String> blobRows(FaultCluster cluster) throws Exception {
        return strings(cluster, "SELECT sha256 FROM blobs");
    }

    private static long fileRowsWithoutBlobRow(FaultCluster cluster) throws Exception {
        return strings(
                        cluster,
                        "SELECT f.id::text FROM files f WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = f.blob_sha256)")
                .size();
    }

    private static Set<String> strings(FaultCluster cluster, String query) throws Exception {
        Set<String> values = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1).trim());
            }
        }
        return values;
    }

    /** Digests of the blob files under {@code ab/cd/}. */
    private static Set<String> blobFiles(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString())
                    .filter(p -> p.matches("[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}"))
                    .map(p -> p.substring(6))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Staged files ({@code tmp/}) and tus chunks ({@code uploads/}): simple uploads leave none once swept. */
    private static Set<Path> temporaryFiles(Path root) throws Exception {
        Set<Path> found = new TreeSet<>();
        for (String dir : List.of("tmp", "uploads")) {
            Path path = root.resolve(dir);
            if (Files.isDirectory(path)) {
                try (Stream<Path> paths = Files.walk(path)) {
                    paths.filter(Files::isRegularFile).forEach(found::add);
                }
            }
        }
        return found;
    }

    private static Path blobPath(Path root, String sha256) {
        return root.resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
    }

    private static String user(int user) {
        return "crash" + user;
    }

    private static byte[] content(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
