package dev.filesys.multihost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The production topology on separate hosts (see {@link ProductionTopology}), driven from the client host through the
 * edge only, with links cut by blackhole routes and processes killed. Each scenario prints its figures and adds them
 * to {@code target/multihost-figures.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionTopologyTest {

    private static final int MIB = 1024 * 1024;
    private static final Pattern EDGE_PATCH =
            Pattern.compile("\"PATCH /s/([a-z0-9-]+)/api/v1/uploads/\\S+\" (\\d{3}) .* upload_offset=(\\d+) ");

    private static ProductionTopology topology;
    private static Thread teardownOnExit;

    @BeforeAll
    static void start() throws IOException {
        Preconditions.require();
        // readable by all: PostgreSQL runs as nobody from binaries under it
        Path dir = Files.createTempDirectory(
                "fsmh-",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        teardownOnExit = new Thread(() -> {
            if (topology != null) {
                topology.close();
            }
        });
        Runtime.getRuntime().addShutdownHook(teardownOnExit);
        Figures.start();
        long started = System.nanoTime();
        topology = ProductionTopology.start(dir);
        Figures.scenario("start-up");
        Figures.record("hosts", "dns, db, s3, balancer-1, balancer-2, file-service-0..2, edge, ops, client");
        Figures.record(
                "time until every service is ready behind the edge", Figures.seconds(System.nanoTime() - started));
        Figures.record("run directory (logs)", dir);
    }

    @AfterAll
    static void stop() {
        if (topology != null) {
            topology.close();
            topology = null;
        }
        if (teardownOnExit != null) {
            Runtime.getRuntime().removeShutdownHook(teardownOnExit);
        }
    }

    @Test
    @Order(1)
    void theEdgeRefusesWhatIsNotAFileServiceAndReachesNothingElse() throws IOException {
        Figures.scenario("not an open proxy: server ids that are not file-services");
        Host balancer = topology.balancers.get(0);
        Host otherBalancer = topology.balancers.get(1);
        String edge = topology.edge.address();
        for (Host target : List.of(topology.db, balancer, otherBalancer, topology.s3)) {
            target.countPacketsFrom(edge);
        }
        Map<Host, Long> before = Map.of(
                topology.db,
                topology.db.packetsCounted(),
                balancer,
                balancer.packetsCounted(),
                otherBalancer,
                otherBalancer.packetsCounted(),
                topology.s3,
                topology.s3.packetsCounted());

        List<String> refused = List.of(
                "/s/postgres/api/v1/me",
                "/s/db/api/v1/me",
                "/s/balancer/api/v1/assignments",
                "/s/balancer-1/.well-known/jwks.json",
                "/s/s3/filesys-blobs/",
                "/s/nosuchserver/api/v1/me",
                "/s/" + topology.db.address() + "/api/v1/me",
                "/s/postgres." + ProductionTopology.DOMAIN + "/api/v1/me",
                "/s/balancer." + ProductionTopology.DOMAIN + ":8080/api/v1/me",
                "/s/file-service-0." + ProductionTopology.HEADLESS + "/api/v1/me",
                "/s/File-Service-0/api/v1/me",
                "/s/-file-service-0/api/v1/me",
                "/s/file-service-0%2Fapi/v1/me",
                "/s/",
                "/s/" + "a".repeat(64) + "/api/v1/me");
        long slowest = 0;
        for (String path : refused) {
            long start = System.nanoTime();
            Shell.Result answer = topology.clientCurl(
                    "-o", "-", "-w", "\n%{http_code} %{content_type}", ProductionTopology.PUBLIC_URL + path);
            slowest = Math.max(slowest, System.nanoTime() - start);
            assertThat(answer.out()).as(path).endsWith("404 application/problem+json");
            assertThat(answer.out()).as(path).contains("\"code\":\"UNKNOWN_SERVER\"");
        }
        for (String path : List.of(
                "/s/file-service-0/internal/v1/availability",
                "/internal/v1/availability",
                "/api/v1/servers",
                "/actuator/prometheus",
                "/s/file-service-0/actuator/prometheus",
                "/v3/api-docs",
                "/s/file-service-1/v3/api-docs",
                "/s/file-service-1/livez")) {
            Shell.Result answer = topology.clientCurl(
                    "-o", "-", "-w", "\n%{http_code} %{content_type}", ProductionTopology.PUBLIC_URL + path);
            assertThat(answer.out())
                    .as(path)
                    .endsWith("404 application/problem+json")
                    .contains("\"code\":\"NOT_FOUND\"");
        }

        for (Host target : before.keySet()) {
            assertThat(target.packetsCounted() - before.get(target))
                    .as("packets from the edge at " + target)
                    .isZero();
        }
        // the only names the edge ever asked DNS for are file-services and the balancer
        List<String> asked = Files.readAllLines(topology.dnsQueries()).stream()
                .filter(line -> line.contains(" from " + edge))
                .map(line -> line.replaceAll(".*query\\[\\w+] (\\S+) from.*", "$1"))
                .distinct()
                .toList();
        assertThat(asked)
                .allMatch(name -> name.endsWith("." + ProductionTopology.HEADLESS)
                        || name.equals("balancer." + ProductionTopology.DOMAIN));
        // and a file-service's metrics are where the operator looks, not where the edge is
        assertThat(topology.opsCurl(
                                "-o",
                                "/dev/null",
                                "-w",
                                "%{http_code}",
                                "http://" + topology.fileServices.get(0).address() + ":9090/actuator/prometheus")
                        .out())
                .isEqualTo("200");

        Figures.record("requests refused by the edge (404 UNKNOWN_SERVER)", refused.size() + " of " + refused.size());
        Figures.record("slowest refusal", Figures.seconds(slowest));
        Figures.record("packets from the edge at PostgreSQL, the S3 store and both balancers meanwhile", 0);
        Figures.record("names the edge resolved", asked);
    }

    @Test
    @Order(2)
    void theReadmeCliFlowWorksFromTheClientHostThroughTheEdge() throws Exception {
        Figures.scenario("README CLI flow from the client host");
        Cli alice = topology.cli("alice");
        Cli bob = topology.cli("bob");
        Path report = alice.home().resolve("report.pdf");
        Files.write(report, randomBytes(3 * MIB + 17, 1));
        long start = System.nanoTime();

        succeeds(alice.run("register", "alice"));
        succeeds(bob.run("register", "bob"));
        succeeds(alice.run("upload", report.toString()));
        succeeds(alice.run("share", "report.pdf", "bob", "--expires", "7d"));
        Shell.Result listed = succeeds(bob.run("ls", "--shared"));
        Path downloads = Files.createDirectories(bob.home().resolve("Downloads"));
        succeeds(bob.run("download", "report.pdf", "--to", downloads + "/"));

        assertThat(listed.out()).contains("report.pdf");
        assertThat(sha256(downloads.resolve("report.pdf"))).isEqualTo(sha256(report));
        // the balancer handed out the edge's address of the server, never the server's own
        JsonNode state =
                ProductionTopology.JSON.readTree(Files.readString(alice.home().resolve("state.json")));
        assertThat(state.path("serverUrl").asString()).startsWith(ProductionTopology.PUBLIC_URL + "/s/file-service-");
        Figures.record("commands (register ×2, upload, share, ls --shared, download)", 6);
        Figures.record(
                "time for the whole flow (six CLI runs, JVM start included)",
                Figures.seconds(System.nanoTime() - start));
        Figures.record("alice's server", alice.serverId() + ", bob's: " + bob.serverId());
    }

    @Test
    @Order(3)
    void theCurlWalkthroughWorksFromTheClientHostThroughTheEdge() {
        Figures.scenario("curl walk-through from the client host");
        long start = System.nanoTime();
        Shell.Result walk = topology.client.run(
                List.of(
                        "bash",
                        ProductionTopology.repository()
                                .resolve("scripts/curl-walkthrough.sh")
                                .toString(),
                        ProductionTopology.PUBLIC_URL),
                Map.of("CURL_CA_BUNDLE", topology.edgeCertificate().toString()),
                Duration.ofMinutes(2));

        assertThat(walk.exit()).as(walk.err() + walk.out()).isZero();
        assertThat(walk.out()).contains("walk-through complete").contains(ProductionTopology.PUBLIC_URL + "/s/");
        Figures.record("time", Figures.seconds(System.nanoTime() - start));
    }

    @Test
    @Order(4)
    void aTusUploadWhoseServerIsKilledHalfWayResumesOnAnotherAtTheStoredOffset() throws Exception {
        Figures.scenario("64 MiB tus upload, its file-service killed half-way");
        Cli carol = topology.cli("carol");
        succeeds(carol.run("register", "carol"));
        Host first = fileService(carol.serverId());
        Path big = carol.home().resolve("big.bin");
        Files.write(big, randomBytes(64 * MIB, 2));
        // the client's link at 200 Mbit/s, so half-way lasts long enough to be seen
        topology.client.must(
                "tc", "qdisc", "add", "dev", "eth0", "root", "tbf", "rate", "200mbit", "burst", "256kb", "latency",
                "400ms");
        try {
            long baseline = first.receivedBytes();
            // earlier scenarios' PATCHes are in the edge's log too: only this upload's count
            int earlierPatches = edgePatches().size();
            long start = System.nanoTime();
            Path log = carol.home().resolve("upload.log");
            Process upload = carol.start(log, "upload", big.toString());
            await("half of the file at " + first)
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> first.receivedBytes() - baseline >= 32L * MIB || !upload.isAlive());
            long receivedAtKill = first.receivedBytes() - baseline;
            topology.kill(first);
            long killedAt = System.nanoTime();

            assertThat(upload.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            long done = System.nanoTime();
            String output = Files.readString(log);
            assertThat(upload.exitValue()).as(output).isZero();
            assertThat(output).contains("continuing on");
            Host second = fileService(carol.serverId());
            assertThat(second).isNotEqualTo(first);

            // the edge's log says where the upload continued: never created again, resumed at the stored offset
            List<Matcher> patches = edgePatches().stream()
                    .skip(earlierPatches)
                    .filter(m -> m.group(1).equals(second.role()))
                    .toList();
            assertThat(patches).isNotEmpty();
            long resumedAt = Long.parseLong(patches.get(0).group(3));
            assertThat(resumedAt).as("the offset the new server continued from").isPositive();

            Path copy = carol.home().resolve("big.copy");
            succeeds(carol.run("download", "big.bin", "--to", copy.toString()));
            assertThat(sha256(copy)).isEqualTo(sha256(big));

            Figures.record("killed", first.role() + " after it had received " + Figures.mebibytes(receivedAtKill));
            Figures.record("continued on", second.role());
            Figures.record("bytes resumed (not sent again)", Figures.mebibytes(resumedAt));
            Figures.record(
                    "bytes sent to the new server (from the resumed offset)", Figures.mebibytes(64L * MIB - resumedAt));
            Figures.record("time from the kill to the end of the upload", Figures.seconds(done - killedAt));
            Figures.record("time for the whole upload", Figures.seconds(done - start));
            Figures.record("download byte-identical", true);
        } finally {
            topology.client.must("tc", "qdisc", "del", "dev", "eth0", "root");
            Host killed = topology.fileServices.stream()
                    .filter(host -> !topology.process(host).isAlive())
                    .findFirst()
                    .orElse(null);
            if (killed != null) {
                topology.restart(killed);
            }
        }
    }

    @Test
    @Order(5)
    void anAbandonedUploadLeavesNothingInTheStoreAfterItExpires() throws Exception {
        Figures.scenario("an abandoned tus upload (its client killed half-way), after expiry");
        Cli dave = topology.cli("dave");
        succeeds(dave.run("register", "dave"));
        Host server = fileService(dave.serverId());
        Path file = dave.home().resolve("abandoned.bin");
        byte[] content = randomBytes(24 * MIB, 3);
        Files.write(file, content);
        topology.client.must(
                "tc", "qdisc", "add", "dev", "eth0", "root", "tbf", "rate", "100mbit", "burst", "256kb", "latency",
                "400ms");
        long abandonedAt;
        try {
            long baseline = server.receivedBytes();
            Process upload = dave.start(dave.home().resolve("upload.log"), "upload", file.toString());
            await("a third of the file at " + server)
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> server.receivedBytes() - baseline >= 8L * MIB || !upload.isAlive());
            upload.destroyForcibly();
            upload.waitFor();
            abandonedAt = System.nanoTime();
        } finally {
            topology.client.must("tc", "qdisc", "del", "dev", "eth0", "root");
        }
        String abandonedSha = sha256(file);

        // the upload expires after 20 s without a PATCH; the sweeper (every 2 s) then removes what it left
        await("nothing of the abandoned upload left")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> leftovers(abandonedSha).isEmpty());
        Figures.record("abandoned after", Figures.mebibytes(8L * MIB) + " or more had reached " + server.role());
        Figures.record("time until the store held nothing of it", Figures.seconds(System.nanoTime() - abandonedAt));
        Figures.record("objects in the bucket that are not a stored file's blob", 0);
    }

    @Test
    @Order(6)
    void aFileServiceCutOffFromPostgresSaysNoClientsMoveAndItRejoinsWhenHealed() throws Exception {
        Figures.scenario("a file-service cut off from PostgreSQL");
        Cli erin = topology.cli("erin");
        succeeds(erin.run("register", "erin"));
        Host cut = fileService(erin.serverId());
        Path before = erin.home().resolve("before.bin");
        Files.write(before, randomBytes(MIB, 4));
        succeeds(erin.run("upload", before.toString()));

        String database = topology.db.address() + "/32";
        long cutAt = System.nanoTime();
        cut.cut(database);
        long saidNo;
        long moved;
        List<String> assignedDuringCut = new ArrayList<>();
        Path during = erin.home().resolve("during.bin");
        try {
            await("the cut-off server says no")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        JsonNode answer = topology.availability(cut);
                        return answer != null
                                && !answer.path("available").asBoolean()
                                && "DATABASE_UNREACHABLE"
                                        .equals(answer.path("reason").asString());
                    });
            saidNo = System.nanoTime();

            Shell.Result listed = succeeds(erin.run("ls"));
            moved = System.nanoTime();
            assertThat(listed.out()).contains("before.bin");
            assertThat(erin.serverId()).isNotEqualTo(cut.role());

            Files.write(during, randomBytes(MIB, 5));
            succeeds(erin.run("upload", during.toString()));
            for (int i = 0; i < 9; i++) {
                assignedDuringCut.add(assignment().path("serverId").asString());
            }
            assertThat(assignedDuringCut).doesNotContain(cut.role());
        } finally {
            cut.heal(database);
        }
        long healedAt = System.nanoTime();
        await("the healed server says yes")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    JsonNode answer = topology.availability(cut);
                    return answer != null && answer.path("available").asBoolean();
                });
        long saidYes = System.nanoTime();
        await("the healed server is assigned again")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> assignment().path("serverId").asString().equals(cut.role()));
        long rejoined = System.nanoTime();

        // nothing acknowledged is lost: both files are there, byte for byte
        Shell.Result listed = succeeds(erin.run("ls"));
        assertThat(listed.out()).contains("before.bin").contains("during.bin");
        for (Path file : List.of(before, during)) {
            Path copy = erin.home().resolve(file.getFileName() + ".copy");
            succeeds(erin.run("download", file.getFileName().toString(), "--to", copy.toString()));
            assertThat(sha256(copy)).isEqualTo(sha256(file));
        }
        Figures.record("cut", cut.role() + " from PostgreSQL (blackhole route on its host)");
        Figures.record("time until it answered no (DATABASE_UNREACHABLE)", Figures.seconds(saidNo - cutAt));
        Figures.record(
                "time to move the client (its next command, failover included)", Figures.seconds(moved - saidNo));
        Figures.record("assignments to the cut-off server during the cut", "0 of " + assignedDuringCut.size());
        Figures.record("time from healing until it answered yes", Figures.seconds(saidYes - healedAt));
        Figures.record("time from healing until it was assigned again", Figures.seconds(rejoined - healedAt));
        Figures.record("acknowledged uploads lost", 0);
    }

    @Test
    @Order(7)
    void withOneBalancerCutOffClientsKeepWorkingAndCodesFromEitherAreAcceptedEverywhere() throws Exception {
        Figures.scenario("one balancer replica cut off");
        // codes from either replica, for every file-service, each accepted by the server it names
        int accepted = 0;
        for (Host balancer : topology.balancers) {
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 12 && seen.size() < topology.fileServices.size(); i++) {
                JsonNode assignment = ProductionTopology.JSON.readTree(
                        topology.opsCurl("-X", "POST", "http://" + balancer.address() + ":8080/api/v1/assignments")
                                .out());
                String serverId = assignment.path("serverId").asString();
                if (seen.contains(serverId)) {
                    continue;
                }
                seen.add(serverId);
                assertThat(handshake(serverId, assignment.path("authCode").asString()))
                        .as("a code from " + balancer + " at " + serverId)
                        .isEqualTo(201);
                accepted++;
            }
            assertThat(seen).containsExactlyInAnyOrder("file-service-0", "file-service-1", "file-service-2");
        }

        Host cut = topology.balancers.get(0);
        cut.cut(Network.SUBNET + ".0/25");
        cut.cut(Network.SUBNET + ".128/25");
        List<Long> latencies = new ArrayList<>();
        int refused = 0;
        try {
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                JsonNode assignment = assignment();
                boolean ok = !assignment.path("authCode").isMissingNode()
                        && handshake(
                                        assignment.path("serverId").asString(),
                                        assignment.path("authCode").asString())
                                == 201;
                latencies.add(System.nanoTime() - start);
                if (!ok) {
                    refused++;
                }
            }
        } finally {
            cut.heal(Network.SUBNET + ".0/25");
            cut.heal(Network.SUBNET + ".128/25");
        }
        assertThat(refused).isZero();
        Collections.sort(latencies);
        Figures.record("codes from both replicas accepted by the server they name", accepted + " of 6");
        Figures.record("cut", cut.role() + " (blackhole routes to the whole segment on its host)");
        Figures.record("assignments + handshakes through the edge during the cut", latencies.size());
        Figures.record("requests refused", refused);
        Figures.record(
                "median / slowest",
                Figures.seconds(latencies.get(latencies.size() / 2)) + " / "
                        + Figures.seconds(latencies.get(latencies.size() - 1)));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** An assignment through the edge, as a client gets one. */
    private static JsonNode assignment() {
        Shell.Result answer = topology.clientCurl(
                "-X",
                "POST",
                "-H",
                "Content-Type: application/json",
                "-d",
                "{}",
                ProductionTopology.PUBLIC_URL + "/api/v1/assignments");
        return ProductionTopology.JSON.readTree(answer.out());
    }

    /** Step one of the handshake through the edge; the status. */
    private static int handshake(String serverId, String authCode) {
        return Integer.parseInt(topology.clientCurl(
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "-H",
                        "Content-Type: application/json",
                        "-d",
                        "{\"authCode\":\"" + authCode + "\"}",
                        ProductionTopology.PUBLIC_URL + "/s/" + serverId + "/api/v1/sessions")
                .out()
                .strip());
    }

    private static List<Matcher> edgePatches() throws IOException {
        List<Matcher> patches = new ArrayList<>();
        for (String line : Files.readAllLines(topology.edgeAccessLog())) {
            Matcher matcher = EDGE_PATCH.matcher(line);
            if (matcher.find() && matcher.group(2).startsWith("2")) {
                patches.add(matcher);
            }
        }
        return patches;
    }

    /**
     * What an upload left behind: any object in the bucket that is not a blob ({@code blobs/xx/yy/<sha256>}), the blob
     * of the abandoned file, and any file in the file-services' local storage (staging and chunks).
     */
    private static List<Path> leftovers(String abandonedSha) throws IOException {
        List<Path> left = new ArrayList<>();
        try (Stream<Path> objects = Files.walk(topology.bucket())) {
            objects.filter(Files::isRegularFile)
                    .filter(path -> {
                        String key = topology.bucket().relativize(path).toString();
                        return !key.matches("blobs/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}") || key.endsWith(abandonedSha);
                    })
                    .forEach(left::add);
        }
        for (Host fileService : topology.fileServices) {
            Path root = topology.storageRoot(fileService);
            if (Files.exists(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(Files::isRegularFile).forEach(left::add);
                }
            }
        }
        return left;
    }

    private static Host fileService(String serverId) {
        return topology.fileServices.stream()
                .filter(host -> host.role().equals(serverId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no file-service named " + serverId));
    }

    private static Shell.Result succeeds(Shell.Result result) {
        assertThat(result.exit()).as(result.err() + result.out()).isZero();
        return result;
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
