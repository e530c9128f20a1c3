package dev.filesys.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.filesys.fault.ProtocolClient.Session;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Backup and restore, with the local blob store and with the S3 store (S3Proxy, the S3-compatible server the other
 * tests use, in this JVM; the scripts copy with rclone): files are uploaded, {@code scripts/backup.sh} runs while
 * uploads and deletions go on, the database and the blob store (the blob root, or every object and the bucket) are
 * wiped, {@code scripts/restore.sh} restores them, the file-service starts again,
 * and every file acknowledged before the backup began downloads with its SHA-256; every file the restored system lists
 * is intact, and fsck finds nothing to fix. The sweeper runs every second with a one-second grace period, so a blob
 * whose last file is deleted during the backup would be gone before the copy without the backup's sweep hold.
 *
 * <p>pg_dump must be of the server's major version or newer, so the database is on the server that
 * {@code FILESYS_TEST_DATABASE_URL} names (the embedded PostgreSQL ships no pg_dump).
 */
class BackupRestoreTest {

    enum Store {
        LOCAL,
        S3
    }

    private static final String BUCKET = "filesys-blobs";

    @ParameterizedTest
    @EnumSource(Store.class)
    void aBackupTakenDuringUploadsRestoresEveryAcknowledgedFile(Store store) throws Exception {
        String server = System.getenv("FILESYS_TEST_DATABASE_URL");
        assumeTrue(
                server != null && !server.isBlank(),
                "FILESYS_TEST_DATABASE_URL must name a PostgreSQL server whose version pg_dump on the PATH can dump");
        Path scripts = Path.of("..", "scripts").toAbsolutePath().normalize();
        // under target/, like the other clusters' directories: the logs stay for a look after a failure
        Path work = Path.of(
                        "target",
                        "backup-restore-" + store.name().toLowerCase(Locale.ROOT) + "-" + System.currentTimeMillis())
                .toAbsolutePath();
        List<String> settings =
                new ArrayList<>(List.of("--filesys.sweeper.interval=1s", "--filesys.sweeper.grace-period=1s"));
        try (FaultS3Server s3 = store == Store.S3 ? new FaultS3Server(work.resolve("s3")) : null) {
            Map<String, String> storeEnvironment = new LinkedHashMap<>();
            if (s3 != null) {
                s3.createBucket(BUCKET);
                settings.addAll(s3.fileServiceSettings(BUCKET));
                storeEnvironment.putAll(s3.environment(BUCKET));
            }
            backUpAndRestore(server, scripts, work, settings, storeEnvironment, s3);
        }
    }

    private static void backUpAndRestore(
            String server,
            Path scripts,
            Path work,
            List<String> settings,
            Map<String, String> storeEnvironment,
            @Nullable FaultS3Server s3)
            throws Exception {
        try (FaultCluster cluster = FaultCluster.startOnServer(work.resolve("cluster"), 1, server, settings)) {
            ProtocolClient client = new ProtocolClient(cluster.balancer().url());
            String username = "bk" + UUID.randomUUID().toString().substring(0, 8);
            Session session = client.registeredSession(username, "correct horse battery");
            Random random = new Random(20);
            Map<String, String> acknowledged = new LinkedHashMap<>(); // name -> SHA-256
            for (int i = 0; i < 40; i++) {
                byte[] content = new byte[1 + random.nextInt(400_000)];
                random.nextBytes(content);
                client.upload(session, "before-" + i + ".bin", content);
                acknowledged.put("before-" + i + ".bin", sha256(content));
            }
            // files that the churn deletes (and purges from the trash) while the backup runs: their blobs must survive
            // until the copy
            List<String> doomed = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                byte[] content = new byte[1000 + random.nextInt(100_000)];
                random.nextBytes(content);
                doomed.add(client.upload(session, "doomed-" + i + ".bin", content)
                        .path("fileId")
                        .asString());
            }

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger during = new AtomicInteger();
            AtomicInteger deletedAfterDump = new AtomicInteger();
            Path backupLog = work.resolve("backup.log");
            CompletableFuture<Void> churn = CompletableFuture.runAsync(() -> {
                Random r = new Random(21);
                try {
                    for (int i = 0; !stop.get(); i++) {
                        byte[] content = new byte[1 + r.nextInt(200_000)];
                        r.nextBytes(content);
                        client.upload(session, "during-" + i + ".bin", content);
                        during.incrementAndGet();
                        // once the dump is taken (it still has them), before the copy: only the hold keeps their blobs
                        if (deletedAfterDump.get() == 0
                                && Files.exists(backupLog)
                                && Files.readString(backupLog).contains("database dumped")) {
                            for (String fileId : doomed) {
                                delete(client, session, fileId);
                                deletedAfterDump.incrementAndGet();
                            }
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await("the churn is under way").atMost(Duration.ofSeconds(30)).until(() -> during.get() > 0);
            Path backup = work.resolve("backup");
            // the sweeper (every 1 s, grace 1 s) would remove the deleted files' blobs well within the 5 s pause
            run(cluster, storeEnvironment, scripts.resolve("backup.sh"), backup, backupLog, "5");
            stop.set(true);
            churn.get();
            assertThat(deletedAfterDump.get())
                    .as("files deleted between the dump and the copy")
                    .isEqualTo(doomed.size());
            System.out.println("backup/restore: " + during.get() + " uploads went on during the backup");
            assertThat(during.get()).as("uploads went on while the backup ran").isPositive();

            FaultCluster.Service old = cluster.fileServices().getFirst();
            FaultCluster.kill(old);
            cluster.recreateExternalDatabase();
            try (Stream<Path> all = Files.walk(cluster.blobRoot())) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            assertThat(cluster.blobRoot()).doesNotExist();
            if (s3 != null) {
                assertThat(s3.keys(BUCKET, "blobs/"))
                        .as("blobs in the bucket before the wipe")
                        .isNotEmpty();
                s3.deleteBucket(BUCKET);
                assertThat(s3.bucketExists(BUCKET)).isFalse();
            }

            run(cluster, storeEnvironment, scripts.resolve("restore.sh"), backup, work.resolve("restore.log"), "0");
            cluster.restartFileService(old, List.of());

            Session restored = client.loggedInSession(username, "correct horse battery");
            Map<String, String> listed = listAll(client, restored);
            for (int i = 0; i < doomed.size(); i++) {
                assertThat(listed)
                        .as("deleted after the dump, so in the backup")
                        .containsKey("doomed-" + i + ".bin");
            }
            for (Map.Entry<String, String> file : acknowledged.entrySet()) {
                assertThat(listed).as(file.getKey()).containsKey(file.getKey());
            }
            for (Map.Entry<String, String> file : listed.entrySet()) {
                String[] idAndSha = file.getValue().split(" ");
                HttpResponse<byte[]> download = client.download(restored, idAndSha[0]);
                assertThat(download.statusCode()).as(file.getKey()).isEqualTo(200);
                assertThat(sha256(download.body())).as(file.getKey()).isEqualTo(idAndSha[1]);
                if (acknowledged.containsKey(file.getKey())) {
                    assertThat(idAndSha[1]).isEqualTo(acknowledged.get(file.getKey()));
                }
            }
            System.out.println("backup/restore: " + listed.size() + " files restored intact, " + acknowledged.size()
                    + " of them acknowledged before the backup began");

            // blobs uploaded after the dump were copied too: the restored database does not know them, and the sweeper
            // (grace period 1 s here) removes them; nothing else may be wrong
            String url = cluster.fileServices().getFirst().url() + "/internal/v1/fsck?checksums=true";
            System.out.println("backup/restore: fsck right after the restore: " + fsck(client, cluster, url));
            await("fsck clean").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode report = ProtocolClient.JSON.readTree(fsck(client, cluster, url));
                assertThat(report.path("problems")).as(report.toString()).isEmpty();
                assertThat(report.path("clean").asBoolean()).isTrue();
                assertThat(report.path("blobRows").asLong()).isGreaterThanOrEqualTo(acknowledged.size());
            });
        }
    }

    private static String fsck(ProtocolClient client, FaultCluster cluster, String url)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + cluster.clusterToken())
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    /** Every file the user owns: name -> "fileId sha256". */
    private static Map<String, String> listAll(ProtocolClient client, Session session)
            throws IOException, InterruptedException {
        Map<String, String> files = new LinkedHashMap<>();
        String cursor = "";
        while (true) {
            JsonNode answer = ProtocolClient.expect(
                    client.send(HttpRequest.newBuilder(
                                    URI.create(session.serverUrl() + "/api/v1/files?scope=owned&limit=1000" + cursor))
                            .header("Authorization", "Bearer " + session.token())),
                    200);
            for (JsonNode item : answer.path("items")) {
                files.put(
                        item.path("name").asString(),
                        item.path("fileId").asString() + " "
                                + item.path("sha256").asString());
            }
            if (!answer.hasNonNull("nextCursor")) {
                return files;
            }
            cursor = "&cursor=" + answer.path("nextCursor").asString();
        }
    }

    /** Deletes the file and purges it from the trash: nothing references its blob any more. */
    private static void delete(ProtocolClient client, Session session, String fileId)
            throws IOException, InterruptedException {
        for (String path : List.of("/api/v1/files/", "/api/v1/trash/")) {
            HttpResponse<String> response =
                    client.send(HttpRequest.newBuilder(URI.create(session.serverUrl() + path + fileId))
                            .header("Authorization", "Bearer " + session.token())
                            .DELETE());
            assertThat(response.statusCode()).as(path + fileId).isEqualTo(204);
        }
    }

    /** Runs a script with the cluster's database and blob root; fails with its output unless it exits 0. */
    private static void run(
            FaultCluster cluster,
            Map<String, String> storeEnvironment,
            Path script,
            Path backup,
            Path log,
            String pause)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), backup.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("FILESYS_DATABASE_URL", cluster.libpqUrl());
        builder.environment().put("FILESYS_STORAGE_ROOT", cluster.blobRoot().toString());
        builder.environment().put("FILESYS_BACKUP_PAUSE_BEFORE_COPY", pause);
        builder.environment().putAll(storeEnvironment);
        Process process = builder.start();
        try {
            boolean ended =
                    process.waitFor(Duration.ofMinutes(2).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            String output = Files.readString(log);
            System.out.println(output);
            assertThat(ended).as(script + " ended").isTrue();
            assertThat(process.exitValue()).as(output).isZero();
        } finally {
            process.destroyForcibly();
        }
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
