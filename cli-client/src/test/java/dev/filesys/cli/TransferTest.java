package dev.filesys.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.filesys.cli.StubCluster.API;
import static dev.filesys.cli.StubCluster.acceptsHandshake;
import static dev.filesys.cli.StubCluster.json;
import static dev.filesys.cli.StubCluster.problem;
import static dev.filesys.cli.StubCluster.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.filesys.cli.StubCluster.Run;
import dev.filesys.cli.state.PendingUpload;
import dev.filesys.cli.state.StateStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads (tus, in 4 KiB chunks here) and downloads (Range), with resumption across runs and across servers. */
class TransferTest {

    private static final String FILE_ID = "0b5c2f7e-1111-4c1a-9a3e-0123456789ab";
    private static final String UPLOAD = API + "/uploads/6a0e2f51-9d1c-4a57-8f3e-7b2d9c0a1e44";

    @TempDir
    Path home;

    private final byte[] data = new byte[10_000];
    private String sha;
    private StubCluster cluster;
    private WireMockServer serverA;
    private WireMockServer serverB;

    @BeforeEach
    void start() throws NoSuchAlgorithmException {
        new Random(42).nextBytes(data);
        sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        cluster = new StubCluster(home);
        serverA = cluster.server();
        serverB = cluster.server();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void anUploadIsCreatedAndSentInChunksAndItsDigestChecked() throws IOException {
        Path local = local("report.pdf", data);
        cluster.session("file-a", url(serverA), "token-a", "alice");
        acceptsCreation(serverA);
        acceptsPatch(serverA, 0, 4096, false);
        acceptsPatch(serverA, 4096, 8192, false);
        acceptsPatch(serverA, 8192, 10_000, true);
        servesMetadata(serverA, sha);

        Run run = cluster.run("upload", local.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("uploaded report.pdf (10000 bytes, sha256 " + sha + ", id " + FILE_ID + ")\n");
        LoggedRequest creation =
                serverA.findAll(postRequestedFor(urlEqualTo(API + "/uploads"))).get(0);
        assertThat(creation.getHeader("Upload-Length")).isEqualTo("10000");
        assertThat(creation.getHeader("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(creation.getHeader("Upload-Metadata"))
                .startsWith("filename " + Base64.getEncoder().encodeToString("report.pdf".getBytes()));
        assertThat(creation.getHeader("Authorization")).isEqualTo("Bearer token-a");
        assertThat(patchedBytes(serverA)).isEqualTo(data);
        assertThat(cluster.state().uploads()).isEmpty();
        assertThat(run.err()).contains("upload report.pdf 0/10000 bytes 0%").contains("10000/10000 bytes 100%");
    }

    @Test
    void anUploadCutOffByAStoppedServerContinuesOnTheNextAtItsOffset() throws IOException {
        continuesOnTheNextServerAfter(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    }

    @Test
    void anUploadRefusedByAServerShuttingDownContinuesOnTheNextAtItsOffset() throws IOException {
        continuesOnTheNextServerAfter(problem(503, "SERVER_DRAINING", "The server is shutting down."));
    }

    /** A's second PATCH gets {@code cut}; the upload goes on at B from where A left it. */
    private void continuesOnTheNextServerAfter(ResponseDefinitionBuilder cut) throws IOException {
        Path local = local("report.pdf", data);
        cluster.session("file-a", url(serverA), "token-a", "alice");
        acceptsCreation(serverA);
        acceptsPatch(serverA, 0, 4096, false);
        serverA.stubFor(request("PATCH", urlEqualTo(UPLOAD))
                .withHeader("Upload-Offset", equalTo("4096"))
                .willReturn(cut));
        cluster.assigns("file-b", url(serverB));
        acceptsHandshake(serverB, "token-b", true);
        serverB.stubFor(request("HEAD", urlEqualTo(UPLOAD))
                .withHeader("Authorization", equalTo("Bearer token-b"))
                .willReturn(aResponse().withStatus(200).withHeader("Upload-Offset", "4096")));
        acceptsPatch(serverB, 4096, 8192, false);
        acceptsPatch(serverB, 8192, 10_000, true);
        servesMetadata(serverB, sha);

        Run run = cluster.run("upload", local.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("continuing on file-b").contains("session resumed");
        serverB.verify(postRequestedFor(urlEqualTo(API + "/sessions"))
                .withRequestBody(equalTo("{\"authCode\":\"code-0\",\"resumeToken\":\"token-a\"}")));
        serverB.verify(0, postRequestedFor(urlEqualTo(API + "/uploads")));
        assertThat(patchedBytes(serverB)).isEqualTo(Arrays.copyOfRange(data, 4096, data.length));
        assertThat(cluster.state().uploads()).isEmpty();
    }

    @Test
    void anUploadInterruptedInOneRunResumesInTheNext() throws IOException {
        Path local = local("report.pdf", data);
        cluster.session("file-a", url(serverA), "token-a", "alice");
        acceptsCreation(serverA);
        acceptsPatch(serverA, 0, 4096, false);
        serverA.stubFor(request("PATCH", urlEqualTo(UPLOAD))
                .withHeader("Upload-Offset", equalTo("4096"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        cluster.balancer.stubFor(post(urlEqualTo(API + "/assignments"))
                .inScenario("cluster")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(problem(503, "NO_SERVER_AVAILABLE", "No file-service is available.")));

        Run first = cluster.run("upload", local.toString());

        assertThat(first.exit()).isEqualTo(5);
        assertThat(first.errLines()).last().isEqualTo("filesys: No file-service is available. (NO_SERVER_AVAILABLE)");
        assertThat(cluster.state().uploads()).hasSize(1);

        serverA.stop();
        cluster.balancer.stubFor(post(urlEqualTo(API + "/assignments"))
                .inScenario("cluster")
                .whenScenarioStateIs("recovered")
                .willReturn(json(201, StubCluster.assignment("file-b", url(serverB), "code-1"))));
        cluster.balancer.setScenarioState("cluster", "recovered");
        acceptsHandshake(serverB, "token-b", true);
        serverB.stubFor(request("HEAD", urlEqualTo(UPLOAD))
                .willReturn(aResponse().withStatus(200).withHeader("Upload-Offset", "4096")));
        acceptsPatch(serverB, 4096, 8192, false);
        acceptsPatch(serverB, 8192, 10_000, true);
        servesMetadata(serverB, sha);

        Run second = cluster.run("upload", local.toString());

        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.err()).contains("4096/10000 bytes 40% 0 B/s (resumed)");
        assertThat(patchedBytes(serverB)).isEqualTo(Arrays.copyOfRange(data, 4096, data.length));
        assertThat(cluster.state().uploads()).isEmpty();
    }

    @Test
    void resumingWithAnEndedSessionSaysToLogInAgain() throws IOException {
        Path local = local("report.pdf", data);
        long modified = Files.getLastModifiedTime(local).toMillis();
        String key = PendingUpload.keyOf(local.toString(), data.length, modified, "report.pdf", false);
        cluster.session("file-a", url(serverA), "token-old", "alice");
        StateStore store = new StateStore(cluster.stateFile());
        store.save(store.load()
                .withUpload(new PendingUpload(key, UPLOAD, local.toString(), "report.pdf", data.length, modified)));
        serverA.stubFor(
                request("HEAD", urlEqualTo(UPLOAD)).willReturn(aResponse().withStatus(401)));
        serverA.stubFor(
                get(urlEqualTo(API + "/me")).willReturn(problem(401, "SESSION_EXPIRED", "The session has ended.")));
        cluster.assigns("file-a", url(serverA));
        acceptsHandshake(serverA, "token-fresh", false);

        Run run = cluster.run("upload", local.toString());

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("log in again").endsWith("(SESSION_EXPIRED)\n");
        assertThat(cluster.state().uploads()).containsOnlyKeys(key);
    }

    @Test
    void aChunkTheServerOnlyPartlyKeptContinuesFromItsOffset() throws IOException {
        Path local = local("report.pdf", data);
        cluster.session("file-a", url(serverA), "token-a", "alice");
        acceptsCreation(serverA);
        serverA.stubFor(request("PATCH", urlEqualTo(UPLOAD))
                .withHeader("Upload-Offset", equalTo("0"))
                .willReturn(problem(408, "UPLOAD_TIMEOUT", "The PATCH took longer than allowed.")));
        serverA.stubFor(request("HEAD", urlEqualTo(UPLOAD))
                .willReturn(aResponse().withStatus(200).withHeader("Upload-Offset", "1000")));
        acceptsPatch(serverA, 1000, 5096, false);
        acceptsPatch(serverA, 5096, 9192, false);
        acceptsPatch(serverA, 9192, 10_000, true);
        servesMetadata(serverA, sha);

        Run run = cluster.run("upload", local.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(serverA.findAll(patchRequestedFor(urlEqualTo(UPLOAD))))
                .extracting(r -> r.getHeader("Upload-Offset"))
                .containsExactly("0", "1000", "5096", "9192");
    }

    @Test
    void anEmptyFileIsCompletedByOneEmptyPatch() throws IOException {
        Path local = local("empty.txt", new byte[0]);
        cluster.session("file-a", url(serverA), "token-a", "alice");
        acceptsCreation(serverA);
        serverA.stubFor(request("PATCH", urlEqualTo(UPLOAD))
                .withHeader("Upload-Offset", equalTo("0"))
                .willReturn(aResponse()
                        .withStatus(204)
                        .withHeader("Upload-Offset", "0")
                        .withHeader("X-File-Id", FILE_ID)));
        servesMetadata(serverA, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

        Run run = cluster.run("upload", local.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        serverA.verify(1, patchRequestedFor(urlEqualTo(UPLOAD)));
    }

    @Test
    void aTakenNameSaysHowToReplaceTheFile() throws IOException {
        Path local = local("report.pdf", data);
        cluster.session("file-a", url(serverA), "token-a", "alice");
        serverA.stubFor(post(urlEqualTo(API + "/uploads"))
                .willReturn(problem(409, "NAME_TAKEN", "You already have a file of that name.")));

        Run run = cluster.run("upload", local.toString());

        assertThat(run.exit()).isEqualTo(6);
        assertThat(run.errLines())
                .last()
                .isEqualTo("filesys: you already have a file named report.pdf (use --force to replace it)"
                        + " (NAME_TAKEN)");
        assertThat(cluster.state().uploads()).isEmpty();
    }

    @Test
    void anUploadStoredWithOtherBytesIsAnIntegrityFailure() throws IOException {
        Path local = local("report.pdf", data);
        cluster.session("file-a", url(serverA), "token-a", "alice");
        acceptsCreation(serverA);
        acceptsPatch(serverA, 0, 4096, false);
        acceptsPatch(serverA, 4096, 8192, false);
        acceptsPatch(serverA, 8192, 10_000, true);
        servesMetadata(serverA, "b".repeat(64));

        Run run = cluster.run("upload", local.toString());

        assertThat(run.exit()).isEqualTo(7);
        assertThat(run.errLines()).last().asString().contains("(CHECKSUM_MISMATCH)");
    }

    @Test
    void aMissingLocalFileIsOneLineAndExitCodeFour() {
        Run run = cluster.run("upload", home.resolve("nope.pdf").toString());

        assertThat(run.exit()).isEqualTo(4);
        assertThat(run.err())
                .isEqualTo("filesys: no such file: " + home.resolve("nope.pdf") + " (LOCAL_FILE_NOT_FOUND)\n");
    }

    @Test
    void aPartialDownloadContinuesWithARangeRequestAndIsVerified() throws IOException {
        Path target = home.resolve("report.pdf");
        Path part = home.resolve("report.pdf." + sha.substring(0, 12) + ".part");
        Files.write(part, Arrays.copyOf(data, 3000));
        cluster.session("file-a", url(serverA), "token-a", "bob");
        servesMetadata(serverA, sha);
        serverA.stubFor(get(urlEqualTo(API + "/files/" + FILE_ID + "/content"))
                .withHeader("Range", equalTo("bytes=3000-"))
                .withHeader("If-Range", equalTo("\"" + sha + "\""))
                .willReturn(aResponse()
                        .withStatus(206)
                        .withHeader("ETag", "\"" + sha + "\"")
                        .withHeader("Content-Range", "bytes 3000-9999/10000")
                        .withBody(Arrays.copyOfRange(data, 3000, data.length))));

        Run run = cluster.run("download", FILE_ID, "--to", target.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(data);
        assertThat(part).doesNotExist();
        assertThat(run.out())
                .isEqualTo("downloaded report.pdf to " + target
                        + " (10000 bytes, sha256 verified, resumed at byte 3000)\n");
    }

    @Test
    void aDownloadCutOffByAStoppedServerContinuesOnTheNextAtItsByteOffset() throws IOException {
        try (MisbehavingServer stopping = new MisbehavingServer(
                StubCluster.file(FILE_ID, "report.pdf", data.length, sha, "alice"),
                data,
                6000,
                sha,
                MisbehavingServer.Failure.DROP)) {
            Path target = downloadFailingOver(stopping);
            assertThat(Files.readAllBytes(target)).isEqualTo(data);
        }
    }

    @Test
    void aDownloadFromAServerThatHangsMovesOnAfterTheStallTimeout() throws IOException {
        try (MisbehavingServer hanging = new MisbehavingServer(
                StubCluster.file(FILE_ID, "report.pdf", data.length, sha, "alice"),
                data,
                6000,
                sha,
                MisbehavingServer.Failure.HANG)) {
            Path target = downloadFailingOver(hanging);
            assertThat(Files.readAllBytes(target)).isEqualTo(data);
        }
    }

    /** Downloads from {@code first}, which fails after 6000 bytes; B serves the rest. */
    private Path downloadFailingOver(MisbehavingServer first) throws IOException {
        cluster.session("file-a", first.url(), "token-a", "bob");
        cluster.assigns("file-b", url(serverB));
        acceptsHandshake(serverB, "token-b", true);
        serverB.stubFor(get(urlEqualTo(API + "/files/" + FILE_ID + "/content"))
                .withHeader("Authorization", equalTo("Bearer token-b"))
                .withHeader("Range", equalTo("bytes=6000-"))
                .withHeader("If-Range", equalTo("\"" + sha + "\""))
                .willReturn(aResponse()
                        .withStatus(206)
                        .withHeader("ETag", "\"" + sha + "\"")
                        .withHeader("Content-Range", "bytes 6000-9999/10000")
                        .withBody(Arrays.copyOfRange(data, 6000, data.length))));
        Path directory = Files.createDirectories(home.resolve("out"));
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", home.toString());
        environment.put("FILESYS_BALANCER", url(cluster.balancer));
        environment.put("FILESYS_STATE", cluster.stateFile().toString());
        environment.put("FILESYS_STALL_TIMEOUT", "1");

        Run run = StubCluster.runWith(environment, "", "download", FILE_ID, "--to", directory.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("continuing on file-b").contains("session resumed");
        assertThat(run.out())
                .isEqualTo("downloaded report.pdf to " + directory.resolve("report.pdf")
                        + " (10000 bytes, sha256 verified)\n");
        serverB.verify(1, getRequestedFor(urlEqualTo(API + "/files/" + FILE_ID + "/content")));
        try (var left = Files.list(directory)) {
            assertThat(left).containsExactly(directory.resolve("report.pdf"));
        }
        return directory.resolve("report.pdf");
    }

    @Test
    void bytesThatDoNotMatchTheDigestNeverReachTheTarget() throws IOException {
        Path target = home.resolve("report.pdf");
        cluster.session("file-a", url(serverA), "token-a", "bob");
        servesMetadata(serverA, sha);
        byte[] corrupted = data.clone();
        corrupted[5000] ^= 1;
        serverA.stubFor(get(urlEqualTo(API + "/files/" + FILE_ID + "/content"))
                .willReturn(aResponse().withStatus(200).withBody(corrupted)));

        Run run = cluster.run("download", FILE_ID, "--to", target.toString());

        assertThat(run.exit()).isEqualTo(7);
        assertThat(run.errLines()).last().asString().endsWith("(CHECKSUM_MISMATCH)");
        try (var left = Files.list(home)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("report.pdf"));
        }
    }

    @Test
    void anExistingTargetIsKeptUnlessOverwriteIsGiven() throws IOException {
        Path target = home.resolve("report.pdf");
        Files.writeString(target, "mine");
        cluster.session("file-a", url(serverA), "token-a", "bob");
        servesMetadata(serverA, sha);
        serverA.stubFor(get(urlEqualTo(API + "/files/" + FILE_ID + "/content"))
                .willReturn(aResponse().withStatus(200).withBody(data)));

        Run refused = cluster.run("download", FILE_ID, "--to", target.toString());
        Run replaced = cluster.run("download", FILE_ID, "--to", target.toString(), "--overwrite");

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err())
                .isEqualTo("filesys: " + target + " already exists (use --force to replace it) (LOCAL_FILE_ERROR)\n");
        assertThat(replaced.exit()).as(replaced.err()).isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(data);
    }

    @Test
    void aFileIsFoundByNameAmongTheSharedFiles() throws IOException {
        Path target = home.resolve("got.pdf");
        cluster.session("file-a", url(serverA), "token-a", "bob");
        serverA.stubFor(get(urlPathEqualTo(API + "/files"))
                .withQueryParam("scope", equalTo("owned"))
                .willReturn(json(200, StubCluster.page())));
        serverA.stubFor(get(urlPathEqualTo(API + "/files"))
                .withQueryParam("scope", equalTo("shared"))
                .willReturn(
                        json(200, StubCluster.page(StubCluster.file(FILE_ID, "report.pdf", 10_000, sha, "alice")))));
        serverA.stubFor(get(urlEqualTo(API + "/files/" + FILE_ID + "/content"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("ETag", "\"" + sha + "\"")
                        .withBody(data)));

        Run run = cluster.run("download", "report.pdf", "--to", target.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(data);
    }

    @Test
    void severalFilesAreUploadedOneAfterTheOtherWithATotal() throws IOException {
        Path first = local("a.bin", data);
        Path second = local("b.bin", data);
        cluster.session("file-a", url(serverA), "token-a", "alice");
        acceptsCreation(serverA);
        acceptsPatch(serverA, 0, 4096, false);
        acceptsPatch(serverA, 4096, 8192, false);
        acceptsPatch(serverA, 8192, 10_000, true);
        servesMetadata(serverA, sha);

        Run run = cluster.run("upload", first.toString(), second.toString(), "-f");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).hasSize(3).last().isEqualTo("uploaded 2 files, 20000 bytes (19.5 KiB)");
        List<String> names = serverA.findAll(postRequestedFor(urlEqualTo(API + "/uploads"))).stream()
                .map(r -> r.getHeader("Upload-Metadata"))
                .toList();
        assertThat(names)
                .hasSize(2)
                // -f found no file of that name to replace: the upload may only create, so a file made meanwhile is
                // not lost
                .allSatisfy(metadata -> assertThat(metadata).doesNotContain("overwrite"))
                .anySatisfy(metadata -> assertThat(metadata).startsWith("filename " + base64("a.bin")))
                .anySatisfy(metadata -> assertThat(metadata).startsWith("filename " + base64("b.bin")));
    }

    @Test
    void standardInputIsUploadedUnderTheGivenName() throws Exception {
        String text = "lines from a pipe\n".repeat(500);
        byte[] piped = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String pipedSha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(piped));
        cluster.session("file-a", url(serverA), "token-a", "alice");
        acceptsCreation(serverA);
        acceptsPatch(serverA, 0, 4096, false);
        acceptsPatch(serverA, 4096, 8192, false);
        acceptsPatch(serverA, 8192, piped.length, true);
        servesMetadata(serverA, pipedSha);

        Run run = cluster.runWithInput(text, "upload", "-", "--name", "piped.log");

        assertThat(run.exit()).as(run.err()).isZero();
        LoggedRequest creation =
                serverA.findAll(postRequestedFor(urlEqualTo(API + "/uploads"))).get(0);
        assertThat(creation.getHeader("Upload-Length")).isEqualTo(Integer.toString(piped.length));
        assertThat(creation.getHeader("Upload-Metadata")).startsWith("filename " + base64("piped.log"));
        assertThat(patchedBytes(serverA)).isEqualTo(piped);
        assertThat(cluster.state().uploads()).isEmpty();
    }

    @Test
    void severalFilesAreDownloadedIntoADirectoryThatIsCreated() throws IOException {
        String otherId = "0b5c2f7e-2222-4c1a-9a3e-0123456789ab";
        cluster.session("file-a", url(serverA), "token-a", "bob");
        servesMetadata(serverA, sha);
        serverA.stubFor(get(urlEqualTo(API + "/files/" + otherId))
                .willReturn(json(200, StubCluster.file(otherId, "notes.txt", data.length, sha, "alice"))));
        for (String id : List.of(FILE_ID, otherId)) {
            serverA.stubFor(get(urlEqualTo(API + "/files/" + id + "/content"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("ETag", "\"" + sha + "\"")
                            .withBody(data)));
        }
        Path directory = home.resolve("new/downloads");

        Run run = cluster.run("download", FILE_ID, otherId, "-o", directory + "/");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readAllBytes(directory.resolve("report.pdf"))).isEqualTo(data);
        assertThat(Files.readAllBytes(directory.resolve("notes.txt"))).isEqualTo(data);
        assertThat(run.out().lines().toList())
                .hasSize(3)
                .last()
                .isEqualTo("downloaded 2 files, 20000 bytes (19.5 KiB)");
    }

    @Test
    void aDirectoryTargetThatIsAFileIsRefusedBeforeAnyByteMoves() throws IOException {
        Path file = Files.writeString(home.resolve("downloads"), "a file, not a directory");
        cluster.session("file-a", url(serverA), "token-a", "bob");
        servesMetadata(serverA, sha);

        Run run = cluster.run("download", FILE_ID, "--to", file + "/");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("filesys: --to " + file + "/: " + file + " is a file, not a directory (LOCAL_FILE_ERROR)\n");
        assertThat(Files.readString(file)).isEqualTo("a file, not a directory");
        assertThat(serverA.findAll(getRequestedFor(urlEqualTo(API + "/files/" + FILE_ID + "/content"))))
                .isEmpty();
    }

    @Test
    void aDownloadToStandardOutputWritesOnlyVerifiedBytesAndLeavesNoFile() throws Exception {
        byte[] text = "a report, as text\n".repeat(600).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String textSha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        cluster.session("file-a", url(serverA), "token-a", "bob");
        serverA.stubFor(get(urlEqualTo(API + "/files/" + FILE_ID))
                .willReturn(json(200, StubCluster.file(FILE_ID, "report.txt", text.length, textSha, "alice"))));
        serverA.stubFor(get(urlEqualTo(API + "/files/" + FILE_ID + "/content"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("ETag", "\"" + textSha + "\"")
                        .withBody(text)));

        Run run = cluster.run("download", FILE_ID, "--to", "-");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(new String(text, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(run.err())
                .endsWith("downloaded report.txt to standard output (" + text.length + " bytes, sha256 verified)\n");
        assertThat(home.resolve("-")).doesNotExist();
        assertThat(home.resolve("report.txt")).doesNotExist();
    }

    @Test
    void aCommandStopsTheHttpClientsThreadsSoTheJvmNeedNotWaitForThemAtExit() {
        cluster.session("file-a", url(serverA), "token-a", "alice");
        serverA.stubFor(get(urlPathEqualTo(API + "/files")).willReturn(json(200, StubCluster.page())));
        Set<Thread> before = selectorThreads();

        Run run = cluster.run("ls");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(serverA.findAll(getRequestedFor(urlPathEqualTo(API + "/files"))))
                .hasSize(1);
        assertThat(selectorThreads()).isSubsetOf(before);
    }

    /** The JDK HTTP client's selector threads, which wait in native code. */
    private static Set<Thread> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().contains("SelectorManager"))
                .collect(java.util.stream.Collectors.toSet());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private Path local(String name, byte[] content) throws IOException {
        Path file = home.resolve("local").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    private static void acceptsCreation(WireMockServer server) {
        server.stubFor(post(urlEqualTo(API + "/uploads"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Location", UPLOAD)
                        .withHeader("Upload-Offset", "0")));
    }

    private static void acceptsPatch(WireMockServer server, long from, long to, boolean completes) {
        var response = aResponse().withStatus(204).withHeader("Upload-Offset", Long.toString(to));
        if (completes) {
            response = response.withHeader("X-File-Id", FILE_ID);
        }
        server.stubFor(request("PATCH", urlEqualTo(UPLOAD))
                .withHeader("Upload-Offset", equalTo(Long.toString(from)))
                .withHeader("Content-Type", equalTo("application/offset+octet-stream"))
                .willReturn(response));
    }

    private void servesMetadata(WireMockServer server, String digest) {
        server.stubFor(get(urlEqualTo(API + "/files/" + FILE_ID))
                .willReturn(json(200, StubCluster.file(FILE_ID, "report.pdf", data.length, digest, "alice"))));
    }

    /** The bodies of the PATCHes a server answered with 204, in offset order. */
    private static byte[] patchedBytes(WireMockServer server) throws IOException {
        List<LoggedRequest> patches = server.findAll(patchRequestedFor(urlEqualTo(UPLOAD))).stream()
                .filter(r -> server.getAllServeEvents().stream()
                        .anyMatch(e -> e.getRequest().getId().equals(r.getId())
                                && e.getResponse().getStatus() == 204))
                .sorted(Comparator.comparingLong(r -> Long.parseLong(r.getHeader("Upload-Offset"))))
                .toList();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (LoggedRequest patch : patches) {
            bytes.write(patch.getBody());
        }
        return bytes.toByteArray();
    }
}
