package dev.filesys.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.requestMadeFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.filesys.cli.StubCluster.API;
import static dev.filesys.cli.StubCluster.json;
import static dev.filesys.cli.StubCluster.problem;
import static dev.filesys.cli.StubCluster.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import dev.filesys.cli.StubCluster.Run;
import dev.filesys.cli.state.PendingUpload;
import dev.filesys.cli.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI behind the edge proxy: every file-service is reached at {@code <edge>/s/<serverId>}, so URLs have a path
 * that must be kept (handshake, tus {@code Location}), and a server that is gone is the edge's
 * {@code 404 UNKNOWN_SERVER}, which must move the session rather than fail the command or restart an upload.
 */
class EdgeProxyTest {

    private static final String UPLOAD_ID = "6a0e2f51-9d1c-4a57-8f3e-7b2d9c0a1e44";
    private static final String FILE_ID = "0b5c2f7e-1111-4c1a-9a3e-0123456789ab";

    @TempDir
    Path home;

    private final byte[] data = new byte[10_000];
    private String sha;
    private StubCluster cluster;
    private WireMockServer edge;

    @BeforeEach
    void start() throws NoSuchAlgorithmException {
        new Random(7).nextBytes(data);
        sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        cluster = new StubCluster(home);
        edge = cluster.server();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void anUploadKeepsThePrefixAndMovesWhenTheEdgeSaysItsServerIsGone() throws IOException {
        Path local = local("report.pdf");
        cluster.session("file-a", base("file-a"), "token-a", "alice");
        cluster.assigns("file-b", base("file-b"));
        handshakes("file-b", "token-b", true);
        // the server answers with an absolute Location under its prefix, as a file-service behind the edge does
        edge.stubFor(post(urlEqualTo("/s/file-a" + API + "/uploads"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Location", url(edge) + "/s/file-a" + API + "/uploads/" + UPLOAD_ID)
                        .withHeader("Upload-Offset", "0")));
        patches("file-a", 0, 4096, false);
        edge.stubFor(request("PATCH", urlEqualTo(upload("file-a")))
                .withHeader("Upload-Offset", equalTo("4096"))
                .willReturn(problem(404, "UNKNOWN_SERVER", "No file-service file-a is reachable here.")));
        edge.stubFor(request("HEAD", urlEqualTo(upload("file-b")))
                .willReturn(aResponse().withStatus(200).withHeader("Upload-Offset", "4096")));
        patches("file-b", 4096, 8192, false);
        patches("file-b", 8192, 10_000, true);
        metadata("file-b");

        Run upload = cluster.run("upload", local.toString());

        assertThat(upload.exit()).as(upload.err()).isZero();
        assertThat(upload.err()).contains("continuing on file-b").contains("session resumed");
        // the prefix was kept for the handshake and every tus request, and the upload was never created again
        edge.verify(postRequestedFor(urlEqualTo("/s/file-b" + API + "/sessions")));
        edge.verify(0, postRequestedFor(urlEqualTo("/s/file-b" + API + "/uploads")));
        edge.verify(0, requestMadeFor(r -> MatchResult.of(r.getUrl().contains("/s/file-a/s/file-a"))));
        edge.verify(0, requestMadeFor(r -> MatchResult.of(r.getUrl().startsWith(API))));
        assertThat(cluster.state().uploads()).isEmpty();
    }

    @Test
    void aNextRunWhoseServerIsGoneResumesTheUploadElsewhere() throws IOException {
        Path local = local("report.pdf");
        long modified = Files.getLastModifiedTime(local).toMillis();
        String key = PendingUpload.keyOf(local.toString(), data.length, modified, "report.pdf", false);
        cluster.session("file-a", base("file-a"), "token-a", "alice");
        StateStore store = new StateStore(cluster.stateFile());
        String uploadPath = API + "/uploads/" + UPLOAD_ID;
        store.save(store.load()
                .withUpload(new PendingUpload(key, uploadPath, local.toString(), "report.pdf", data.length, modified)));
        // file-a is gone: the edge answers the HEAD with a bodiless 404, the follow-up GET with its problem
        edge.stubFor(request("HEAD", urlEqualTo(upload("file-a")))
                .willReturn(aResponse().withStatus(404)));
        edge.stubFor(get(urlEqualTo("/s/file-a" + API + "/me"))
                .willReturn(problem(404, "UNKNOWN_SERVER", "No file-service file-a is reachable here.")));
        cluster.assigns("file-b", base("file-b"));
        handshakes("file-b", "token-b", true);
        edge.stubFor(request("HEAD", urlEqualTo(upload("file-b")))
                .willReturn(aResponse().withStatus(200).withHeader("Upload-Offset", "8192")));
        patches("file-b", 8192, 10_000, true);
        metadata("file-b");

        Run run = cluster.run("upload", local.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        edge.verify(getRequestedFor(urlEqualTo("/s/file-a" + API + "/me")));
        edge.verify(0, postRequestedFor(urlEqualTo("/s/file-b" + API + "/uploads")));
        assertThat(cluster.state().uploads()).isEmpty();
    }

    private String base(String serverId) {
        return url(edge) + "/s/" + serverId;
    }

    private static String upload(String serverId) {
        return "/s/" + serverId + API + "/uploads/" + UPLOAD_ID;
    }

    private void handshakes(String serverId, String token, boolean resumed) {
        String prefix = "/s/" + serverId;
        edge.stubFor(post(urlEqualTo(prefix + API + "/sessions"))
                .willReturn(json(
                        201,
                        "{\"sessionId\":\"5e551011-0000-4000-8000-000000000001\","
                                + "\"serverNonce\":\"nonce-1\",\"expiresIn\":10}")));
        edge.stubFor(post(urlEqualTo(prefix + API + "/sessions/5e551011-0000-4000-8000-000000000001/ack"))
                .willReturn(json(
                        200,
                        "{\"sessionToken\":\"" + token + "\",\"idleTimeoutSeconds\":1800,\"resumed\":" + resumed
                                + "}")));
    }

    private void patches(String serverId, long from, long to, boolean completes) {
        var response = aResponse().withStatus(204).withHeader("Upload-Offset", Long.toString(to));
        if (completes) {
            response = response.withHeader("X-File-Id", FILE_ID);
        }
        edge.stubFor(request("PATCH", urlEqualTo(upload(serverId)))
                .withHeader("Upload-Offset", equalTo(Long.toString(from)))
                .willReturn(response));
    }

    private void metadata(String serverId) {
        edge.stubFor(get(urlEqualTo("/s/" + serverId + API + "/files/" + FILE_ID))
                .willReturn(json(200, StubCluster.file(FILE_ID, "report.pdf", data.length, sha, "alice"))));
    }

    private Path local(String name) throws IOException {
        Path file = home.resolve("local").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, data);
    }
}
