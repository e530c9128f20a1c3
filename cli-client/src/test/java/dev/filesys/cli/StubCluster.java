package dev.filesys.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.filesys.cli.state.CliState;
import dev.filesys.cli.state.StateStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-ins for the balancer and file-services (WireMock on random ports), and a way to run the CLI against them in
 * this JVM as a script would: arguments, standard input and environment in; exit code, standard output and error out.
 */
final class StubCluster implements AutoCloseable {

    static final String API = "/api/v1";

    final WireMockServer balancer = started();
    private final List<WireMockServer> servers = new ArrayList<>();
    private final Path home;
    private final Path stateFile;

    StubCluster(Path home) {
        this.home = home;
        this.stateFile = home.resolve("state.json");
    }

    /** A file-service stand-in on a random port. */
    WireMockServer server() {
        WireMockServer server = started();
        servers.add(server);
        return server;
    }

    /** A URL nothing listens on: connections are refused, as with a file-service that was stopped. */
    static String deadUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String url(WireMockServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    /** The balancer assigns these servers in turn (by id and URL), then keeps assigning the last one. */
    void assigns(String... idsAndUrls) {
        for (int i = 0; i < idsAndUrls.length; i += 2) {
            int turn = i / 2;
            var stub = post(urlEqualTo(API + "/assignments"))
                    .inScenario("assignments")
                    .whenScenarioStateIs(turn == 0 ? Scenario.STARTED : "turn " + turn);
            if (i + 2 < idsAndUrls.length) {
                stub = stub.willSetStateTo("turn " + (turn + 1));
            }
            balancer.stubFor(stub.willReturn(json(201, assignment(idsAndUrls[i], idsAndUrls[i + 1], "code-" + turn))));
        }
    }

    /** The handshake on {@code server} succeeds and hands out {@code token}; {@code resumed} is the ack's answer. */
    static void acceptsHandshake(WireMockServer server, String token, boolean resumed) {
        server.stubFor(post(urlEqualTo(API + "/sessions"))
                .willReturn(json(
                        201,
                        "{\"sessionId\":\"5e551011-0000-4000-8000-000000000001\","
                                + "\"serverNonce\":\"nonce-1\",\"expiresIn\":10}")));
        server.stubFor(post(urlEqualTo(API + "/sessions/5e551011-0000-4000-8000-000000000001/ack"))
                .withRequestBody(equalTo("{\"serverNonce\":\"nonce-1\"}"))
                .willReturn(json(
                        200,
                        "{\"sessionToken\":\"" + token + "\",\"idleTimeoutSeconds\":1800,\"resumed\":" + resumed
                                + "}")));
    }

    static String assignment(String serverId, String serverUrl, String code) {
        return "{\"serverId\":\"" + serverId + "\",\"serverUrl\":\"" + serverUrl + "\",\"authCode\":\"" + code
                + "\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}";
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder problem(
            int status, String code, String detail) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://filesys.dev/problems/x\",\"title\":\"t\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}");
    }

    static String file(String id, String name, long size, String sha256, String owner) {
        return "{\"fileId\":\"" + id + "\",\"name\":\"" + name + "\",\"size\":" + size + ",\"sha256\":\"" + sha256
                + "\",\"contentType\":\"application/octet-stream\",\"createdAt\":\"2026-11-29T10:00:00Z\","
                + "\"owner\":\"" + owner + "\",\"access\":\"" + ("alice".equals(owner) ? "owner" : "shared") + "\"}";
    }

    static String page(String... files) {
        return "{\"items\":[" + String.join(",", files) + "]}";
    }

    /** Writes a state file as an earlier run would have left it. */
    void session(String serverId, String serverUrl, String token, String username) {
        CliState state = CliState.empty().withSession(serverId, serverUrl, token);
        new StateStore(stateFile).save(username == null ? state : state.withUser("u-" + username, username));
    }

    CliState state() {
        return new StateStore(stateFile).load();
    }

    Path stateFile() {
        return stateFile;
    }

    Run run(String... args) {
        return runWithInput("", args);
    }

    Run runWithInput(String stdin, String... args) {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", home.toString());
        environment.put("FILESYS_BALANCER", url(balancer));
        environment.put("FILESYS_STATE", stateFile.toString());
        environment.put("FILESYS_CHUNK_SIZE", "4k");
        return runWith(environment, stdin, args);
    }

    static Run runWith(Map<String, String> environment, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(
                args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                environment);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        balancer.stop();
        servers.forEach(WireMockServer::stop);
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    /** One CLI run. */
    record Run(int exit, String out, String err) {

        /** Standard error's lines. */
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }
}
