package dev.filesys.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The client side of the protocol, over the JDK's HttpClient: assignment, handshake, accounts, small files. */
final class Api {

    /** What the balancer hands out. */
    record Assignment(String serverId, String serverUrl, String authCode) {}

    /** An open session on a file-service. */
    record Session(String serverUrl, String token) {}

    /** A started handshake. */
    record Handshake(String serverUrl, String sessionId, String serverNonce) {}

    static final String PASSWORD = "bench-password-1234";

    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String balancerUrl;

    Api(String balancerUrl) {
        this.balancerUrl = balancerUrl;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    Assignment assign() throws IOException {
        return assign("");
    }

    /**
     * An assignment that waits up to {@code waitSeconds} for a server: on a loaded machine a probe of a freshly started
     * file-service can time out and leave it SUSPECT for a moment, which must not fail the set-up of a measurement.
     */
    Assignment assignWaiting(int waitSeconds) throws IOException {
        return assign(json.writeValueAsString(Map.of("waitSeconds", waitSeconds)));
    }

    /**
     * Asks the balancer for a server, once more when the connection fails before any answer: the client may have sent
     * on a pooled connection the balancer was just closing, and an assignment nobody uses only expires.
     */
    private Assignment assign(String request) throws IOException {
        HttpRequest assignment = post(balancerUrl + "/api/v1/assignments", null, request);
        JsonNode body;
        try {
            body = send(assignment, 201);
        } catch (IOException e) {
            Bench.log("assignment: " + e.getMessage() + "; asking once more");
            body = send(assignment, 201);
        }
        return new Assignment(
                body.get("serverId").asString(),
                body.get("serverUrl").asString(),
                body.get("authCode").asString());
    }

    Handshake begin(Assignment assignment) throws IOException {
        JsonNode body = send(
                post(
                        assignment.serverUrl() + "/api/v1/sessions",
                        null,
                        json.writeValueAsString(Map.of("authCode", assignment.authCode()))),
                201);
        return new Handshake(
                assignment.serverUrl(),
                body.get("sessionId").asString(),
                body.get("serverNonce").asString());
    }

    Session ack(Handshake handshake) throws IOException {
        JsonNode body = send(
                post(
                        handshake.serverUrl() + "/api/v1/sessions/" + handshake.sessionId() + "/ack",
                        null,
                        json.writeValueAsString(Map.of("serverNonce", handshake.serverNonce()))),
                200);
        return new Session(handshake.serverUrl(), body.get("sessionToken").asString());
    }

    /** Assignment and the three-way handshake: an open session that no user is logged in to yet. */
    Session openSession() throws IOException {
        return ack(begin(assignWaiting(10)));
    }

    void register(Session session, String username) throws IOException {
        send(
                post(
                        session.serverUrl() + "/api/v1/users",
                        session.token(),
                        json.writeValueAsString(Map.of("username", username, "password", PASSWORD))),
                201);
    }

    /** Logs in; the answer's token replaces the session's. */
    Session login(Session session, String username) throws IOException {
        JsonNode body = send(
                post(
                        session.serverUrl() + "/api/v1/login",
                        session.token(),
                        json.writeValueAsString(Map.of("username", username, "password", PASSWORD))),
                200);
        return new Session(session.serverUrl(), body.get("sessionToken").asString());
    }

    /** Uploads bytes under a name; answers the file's id. */
    String upload(Session session, String name, byte[] content) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        session.serverUrl() + "/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + session.token())
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                .build();
        return send(request, 201).get("fileId").asString();
    }

    /** Shares a file with a user (read). */
    void share(Session session, String fileId, String username) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(session.serverUrl() + "/api/v1/files/" + fileId
                        + "/shares/" + URLEncoder.encode(username, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + session.token())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"permission\":\"read\"}"))
                .build();
        sendRaw(request, 201);
    }

    void delete(Session session, String fileId) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(session.serverUrl() + "/api/v1/files/" + fileId))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + session.token())
                .DELETE()
                .build();
        sendRaw(request, 204);
    }

    /** A PUT to a peer, with an {@code Authorization} header unless {@code authorization} is null. */
    void put(String url, byte[] content, String authorization) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() != 201 && response.statusCode() != 204) {
            throw new IOException("PUT " + url + " answered " + response.statusCode());
        }
    }

    /** A GET of a JSON document that needs the cluster token (the balancer's server list). */
    JsonNode getWithToken(String url, String token) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        return send(request, 200);
    }

    private static HttpRequest post(String url, String token, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!body.isEmpty()) {
            builder.header("Content-Type", "application/json");
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private JsonNode send(HttpRequest request, int expected) throws IOException {
        return json.readTree(sendRaw(request, expected));
    }

    private String sendRaw(HttpRequest request, int expected) throws IOException {
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() != expected) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered "
                    + response.statusCode() + " (expected " + expected + "): " + Proc.tail(response.body()));
        }
        return response.body();
    }

    private HttpResponse<String> exchange(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
