package dev.filesys.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.filesys.cli.StubCluster.API;
import static dev.filesys.cli.StubCluster.acceptsHandshake;
import static dev.filesys.cli.StubCluster.json;
import static dev.filesys.cli.StubCluster.problem;
import static dev.filesys.cli.StubCluster.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.filesys.cli.StubCluster.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The session as the CLI keeps it: the handshake on first need, fail-over with the resume token, expiry, errors. */
class SessionFailoverTest {

    private static final String FILE_ID = "0b5c2f7e-1111-4c1a-9a3e-0123456789ab";
    private static final String SHA = "a".repeat(64);

    @TempDir
    Path home;

    private StubCluster cluster;
    private WireMockServer serverB;

    @BeforeEach
    void start() {
        cluster = new StubCluster(home);
        serverB = cluster.server();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void theFirstCommandGetsAnAssignmentHandshakesAndKeepsTheRotatedTokenAfterLogin() throws IOException {
        cluster.assigns("file-b", url(serverB));
        acceptsHandshake(serverB, "token-1", false);
        serverB.stubFor(post(urlEqualTo(API + "/login"))
                .withHeader("Authorization", equalTo("Bearer token-1"))
                .withRequestBody(equalToJson("{\"username\":\"alice\",\"password\":\"correct horse\"}"))
                .willReturn(json(
                        200, "{\"userId\":\"u-1\",\"username\":\"alice\",\"sessionToken\":\"token-after-login\"}")));

        Run run = cluster.runWithInput("correct horse\n", "login", "alice", "--password-stdin");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("logged in as alice\n");
        cluster.balancer.verify(postRequestedFor(urlEqualTo(API + "/assignments")));
        serverB.verify(postRequestedFor(urlEqualTo(API + "/sessions"))
                .withRequestBody(equalToJson("{\"authCode\":\"code-0\"}")));
        assertThat(cluster.state().sessionToken()).isEqualTo("token-after-login");
        assertThat(cluster.state().serverId()).isEqualTo("file-b");
        assertThat(cluster.state().username()).isEqualTo("alice");
        assertThat(Files.readString(cluster.stateFile())).doesNotContain("correct horse");
    }

    @Test
    void whenTheServerStopsAnsweringTheSessionMovesWithItsResumeToken() {
        cluster.session("file-a", StubCluster.deadUrl(), "token-old", "alice");
        cluster.assigns("file-b", url(serverB));
        acceptsHandshake(serverB, "token-new", true);
        serverB.stubFor(get(urlPathEqualTo(API + "/files"))
                .withHeader("Authorization", equalTo("Bearer token-new"))
                .willReturn(json(200, StubCluster.page(StubCluster.file(FILE_ID, "report.pdf", 2048, SHA, "alice")))));

        Run run = cluster.run("ls");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("report.pdf").contains("2.0 KiB").contains(FILE_ID);
        assertThat(run.err()).contains("is not answering (connection refused)").contains("continuing on file-b");
        assertThat(run.err()).contains("session resumed");
        serverB.verify(postRequestedFor(urlEqualTo(API + "/sessions"))
                .withRequestBody(equalToJson("{\"authCode\":\"code-0\",\"resumeToken\":\"token-old\"}")));
        cluster.balancer.verify(
                postRequestedFor(urlEqualTo(API + "/assignments")).withRequestBody(matchingJsonPath("$.waitSeconds")));
        assertThat(cluster.state().sessionToken()).isEqualTo("token-new");
        assertThat(cluster.state().serverUrl()).isEqualTo(url(serverB));
        assertThat(cluster.state().username()).isEqualTo("alice");
    }

    @Test
    void whenTheNewServerDoesNotAdoptTheSessionTheUserIsToldToLogInAgain() {
        cluster.session("file-a", StubCluster.deadUrl(), "token-old", "alice");
        cluster.assigns("file-b", url(serverB));
        acceptsHandshake(serverB, "token-fresh", false);

        Run run = cluster.run("ls");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.errLines())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("filesys: ")
                        .contains("log in again with 'filesys login USERNAME'")
                        .endsWith("(SESSION_EXPIRED)"));
        assertThat(cluster.state().sessionToken()).isEqualTo("token-fresh");
        assertThat(cluster.state().username()).isNull();
    }

    @Test
    void anExpiredSessionIsReplacedAndTheUserToldToLogInAgain() {
        cluster.session("file-b", url(serverB), "token-old", "alice");
        cluster.assigns("file-b", url(serverB));
        acceptsHandshake(serverB, "token-fresh", false);
        serverB.stubFor(get(urlPathEqualTo(API + "/files"))
                .withHeader("Authorization", equalTo("Bearer token-old"))
                .willReturn(problem(401, "SESSION_EXPIRED", "The session has ended.")));

        Run run = cluster.run("ls");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err())
                .isEqualTo("filesys: your session has ended (The session has ended.); log in again with"
                        + " 'filesys login USERNAME' (SESSION_EXPIRED)\n");
        serverB.verify(postRequestedFor(urlEqualTo(API + "/sessions"))
                .withRequestBody(equalToJson("{\"authCode\":\"code-0\"}")));
        assertThat(cluster.state().sessionToken()).isEqualTo("token-fresh");
        assertThat(cluster.state().loggedIn()).isFalse();
    }

    @Test
    void loginOnAnExpiredSessionJustOpensAFreshOne() {
        cluster.session("file-b", url(serverB), "token-old", null);
        cluster.assigns("file-b", url(serverB));
        acceptsHandshake(serverB, "token-fresh", false);
        serverB.stubFor(post(urlEqualTo(API + "/login"))
                .withHeader("Authorization", equalTo("Bearer token-old"))
                .willReturn(problem(401, "SESSION_EXPIRED", "The session has ended.")));
        serverB.stubFor(post(urlEqualTo(API + "/login"))
                .withHeader("Authorization", equalTo("Bearer token-fresh"))
                .willReturn(json(200, "{\"userId\":\"u-1\",\"username\":\"alice\",\"sessionToken\":\"token-2\"}")));

        Run run = StubCluster.runWith(environment("FILESYS_PASSWORD", "correct horse"), "", "login", "alice");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(cluster.state().sessionToken()).isEqualTo("token-2");
    }

    @Test
    void aWrongPasswordIsOneLineAndExitCodeThree() {
        cluster.assigns("file-b", url(serverB));
        acceptsHandshake(serverB, "token-1", false);
        serverB.stubFor(post(urlEqualTo(API + "/login"))
                .willReturn(problem(401, "INVALID_CREDENTIALS", "Wrong username or password.")));

        Run run = cluster.runWithInput("wrong\n", "login", "alice", "--password-stdin");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("filesys: Wrong username or password. (INVALID_CREDENTIALS)\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void noServerAvailableSaysWhenToRetry() {
        cluster.balancer.stubFor(post(urlEqualTo(API + "/assignments"))
                .willReturn(problem(503, "NO_SERVER_AVAILABLE", "No file-service is available.")
                        .withHeader("Retry-After", "2")));

        Run run = cluster.runWithInput("pw\n", "login", "alice", "--password-stdin");

        assertThat(run.exit()).isEqualTo(5);
        assertThat(run.err())
                .isEqualTo("filesys: No file-service is available. (retry after 2 s) (NO_SERVER_AVAILABLE)\n");
    }

    @Test
    void anUnreachableBalancerIsOneLineAndExitCodeFive() {
        String dead = StubCluster.deadUrl();

        Run run = StubCluster.runWith(
                environment("FILESYS_BALANCER", dead, "FILESYS_PASSWORD", "pw"), "", "register", "alice");

        assertThat(run.exit()).isEqualTo(5);
        assertThat(run.err())
                .isEqualTo("filesys: cannot reach the balancer at " + dead + " (connection refused) (UNREACHABLE)\n");
    }

    @Test
    void aServerRefusingIsOneLineWithItsDetailAndCode() {
        cluster.session("file-b", url(serverB), "token-1", "bob");
        serverB.stubFor(get(urlEqualTo(API + "/files/" + FILE_ID))
                .willReturn(json(200, StubCluster.file(FILE_ID, "report.pdf", 10, SHA, "alice"))));
        serverB.stubFor(delete(urlEqualTo(API + "/files/" + FILE_ID))
                .willReturn(problem(403, "NOT_OWNER", "Only the owner may delete a file.")));

        Run run = cluster.run("rm", FILE_ID);

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("filesys: Only the owner may delete a file. (NOT_OWNER)\n");
        serverB.verify(deleteRequestedFor(urlEqualTo(API + "/files/" + FILE_ID)));
    }

    @Test
    void aServerAnsweringGarbageIsStillOneLine() {
        cluster.session("file-b", url(serverB), "token-1", "alice");
        serverB.stubFor(get(urlPathEqualTo(API + "/files"))
                .willReturn(aResponse().withStatus(502).withBody("<html>bad gateway</html>")));
        cluster.assigns("file-b", url(serverB));
        acceptsHandshake(serverB, "token-2", true);

        Run run = cluster.run("ls");

        assertThat(run.exit()).as(run.err()).isEqualTo(5);
        assertThat(run.err()).endsWith("filesys: the server answered HTTP 502 (BAD_GATEWAY)\n");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void jsonOutputIsOneDocumentForScripts() {
        cluster.session("file-b", url(serverB), "token-1", "alice");
        serverB.stubFor(get(urlPathEqualTo(API + "/files"))
                .willReturn(json(200, StubCluster.page(StubCluster.file(FILE_ID, "report.pdf", 10, SHA, "alice")))));

        Run run = cluster.run("--json", "ls");
        Run perCommand = cluster.run("ls", "--json");

        assertThat(run.exit()).isZero();
        JsonNode files = JsonMapper.shared().readTree(run.out());
        assertThat(files.isArray()).isTrue();
        assertThat(files.get(0).get("fileId").asString()).isEqualTo(FILE_ID);
        assertThat(files.get(0).get("createdAt").asString()).isEqualTo("2026-11-29T10:00:00Z");
        assertThat(perCommand.out()).isEqualTo(run.out());
    }

    @Test
    void whoamiAsksTheServerAndLogoutClosesTheSession() {
        cluster.session("file-b", url(serverB), "token-1", "alice");
        serverB.stubFor(
                get(urlEqualTo(API + "/me")).willReturn(json(200, "{\"userId\":\"u-1\",\"username\":\"alice\"}")));
        serverB.stubFor(post(urlEqualTo(API + "/logout")).willReturn(aResponse().withStatus(204)));
        serverB.stubFor(delete(urlEqualTo(API + "/sessions/current"))
                .willReturn(aResponse().withStatus(204)));

        Run whoami = cluster.run("whoami");
        Run logout = cluster.run("logout");
        Run again = cluster.run("whoami");

        assertThat(whoami.out()).isEqualTo("alice (user id u-1) on file-b (" + url(serverB) + ")\n");
        assertThat(logout.out()).isEqualTo("logged out\n");
        serverB.verify(deleteRequestedFor(urlEqualTo(API + "/sessions/current"))
                .withHeader("Authorization", equalTo("Bearer token-1")));
        assertThat(cluster.state().hasSession()).isFalse();
        assertThat(again.exit()).isEqualTo(3);
        assertThat(again.err()).contains("not logged in").endsWith("(NOT_LOGGED_IN)\n");
        serverB.verify(1, getRequestedFor(urlEqualTo(API + "/me")));
    }

    @Test
    void connectMovesTheSessionAndSaysWhere() {
        cluster.session("file-a", StubCluster.deadUrl(), "token-old", "alice");
        cluster.assigns("file-b", url(serverB));
        acceptsHandshake(serverB, "token-new", true);

        Run run = cluster.run("connect");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("connected to file-b (" + url(serverB) + "), logged in as alice\n");
        serverB.verify(postRequestedFor(urlEqualTo(API + "/sessions"))
                .withRequestBody(matchingJsonPath("$.resumeToken", equalTo("token-old"))));
    }

    private Map<String, String> environment(String... pairs) {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", home.toString());
        environment.put("FILESYS_BALANCER", url(cluster.balancer));
        environment.put("FILESYS_STATE", cluster.stateFile().toString());
        for (int i = 0; i < pairs.length; i += 2) {
            environment.put(pairs[i], pairs[i + 1]);
        }
        return environment;
    }
}
