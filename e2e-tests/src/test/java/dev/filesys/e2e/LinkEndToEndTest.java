package dev.filesys.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.e2e.CliRunner.Result;
import dev.filesys.local.LaunchedSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Public links through the whole system (embedded PostgreSQL, the balancer, two file-services): the CLI creates a
 * link, someone without an account follows its address at the balancer to a registered file-service and downloads, the
 * limit and the password hold, the owner reads the record, and revoking ends it.
 */
class LinkEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path work;

    @RegisterExtension
    static final LaunchedSystem system = new LaunchedSystem();

    private final HttpClient following = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final HttpClient notFollowing = HttpClient.newHttpClient();

    @Test
    void aLinkFromTheCliDownloadsForAnyoneThroughTheBalancerUntilItsLimitOrItsRevocation() throws Exception {
        CliRunner alice = new CliRunner(work, system.cluster().balancerUrl(), work.resolve("alice.state.json"))
                .with("FILESYS_PASSWORD", "alice-secret-password");
        assertSucceeds(alice.run("register", "alice"));
        Path report = work.resolve("report.bin");
        String sha256 = CliRunner.writeRandomFile(report, 3L * 1024 * 1024, 7);
        assertSucceeds(alice.run("upload", report.toString()));

        JsonNode link = JSON.readTree(assertSucceeds(alice.run(
                        "--json", "link", "create", "report.bin", "--max-downloads", "2", "--label", "for carol"))
                .out());
        String url = link.get("url").asString();
        assertThat(url).startsWith(system.cluster().balancerUrl() + "/l/");

        HttpResponse<Void> redirect = notFollowing.send(
                HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(registeredServerUrls())
                .anySatisfy(server -> assertThat(location).startsWith(server + "/l/"));

        Path first = work.resolve("first.bin");
        assertThat(download(url, first).statusCode()).isEqualTo(200);
        assertThat(CliRunner.sha256Of(first)).isEqualTo(sha256);
        HttpResponse<String> range = following.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Range", "bytes=0-9")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(range.statusCode()).isEqualTo(206);
        HttpResponse<String> spent =
                following.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(spent.statusCode()).isEqualTo(404);
        assertThat(spent.body()).contains("LINK_NOT_FOUND");

        JsonNode log = JSON.readTree(assertSucceeds(
                        alice.run("--json", "link", "log", link.get("linkId").asString()))
                .out());
        assertThat(log).hasSize(2);
        assertThat(log.get(0).get("bytes").asLong()).isEqualTo(10);
        assertThat(log.get(1).get("bytes").asLong()).isEqualTo(3L * 1024 * 1024);

        JsonNode protectedLink = JSON.readTree(assertSucceeds(alice.runWithInput(
                        "open sesame\n", "--json", "link", "create", "report.bin", "--password-stdin"))
                .out());
        String secretUrl = protectedLink.get("url").asString();
        assertThat(following
                        .send(
                                HttpRequest.newBuilder(URI.create(secretUrl)).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> unlocked = following.send(
                HttpRequest.newBuilder(URI.create(secretUrl + "/unlock"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"open sesame\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unlocked.statusCode()).as(unlocked.body()).isEqualTo(200);
        String access = JSON.readTree(unlocked.body()).get("accessToken").asString();
        assertThat(following
                        .send(
                                HttpRequest.newBuilder(URI.create(secretUrl + "?access=" + access))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(200);

        String listed = assertSucceeds(alice.run("link", "ls")).out();
        assertThat(listed).contains("exhausted").contains("active").contains("for carol");
        assertSucceeds(alice.run("link", "rm", protectedLink.get("linkId").asString()));
        assertThat(following
                        .send(
                                HttpRequest.newBuilder(URI.create(secretUrl + "?access=" + access))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(404);
    }

    private HttpResponse<Path> download(String url, Path to) throws Exception {
        return following.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofFile(to));
    }

    private List<String> registeredServerUrls() throws Exception {
        HttpResponse<String> servers = notFollowing.send(
                HttpRequest.newBuilder(URI.create(system.cluster().balancerUrl() + "/api/v1/servers"))
                        .header("Authorization", "Bearer " + system.cluster().clusterToken())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(servers.statusCode()).isEqualTo(200);
        List<String> urls = new ArrayList<>();
        JSON.readTree(servers.body())
                .forEach(server -> urls.add(server.get("url").asString()));
        assertThat(urls).hasSize(2);
        return urls;
    }

    private static Result assertSucceeds(Result result) {
        assertThat(result.exit()).as("exit code; stderr: %s", result.err()).isZero();
        return result;
    }
}
