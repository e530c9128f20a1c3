package dev.filesys.fault;

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

/** The client side of the protocol, just enough of it: assignment, handshake, ack, register, upload, download. */
final class ProtocolClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final String balancerUrl;
    private final Map<String, String> headers;

    ProtocolClient(String balancerUrl) {
        this(balancerUrl, Map.of());
    }

    /** A client that sends {@code headers} with every request (e.g. a W3C {@code traceparent}). */
    ProtocolClient(String balancerUrl, Map<String, String> headers) {
        this.balancerUrl = balancerUrl;
        this.headers = Map.copyOf(headers);
    }

    /** An assignment as the balancer answered it. */
    record Assignment(String serverId, String serverUrl, String authCode) {}

    /** A logged-in session on one file-service. */
    record Session(String serverId, String serverUrl, String token) {}

    HttpResponse<String> assign() throws IOException, InterruptedException {
        return http.send(
                withHeaders(HttpRequest.newBuilder(URI.create(balancerUrl + "/api/v1/assignments")))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * An assignment, waiting up to 10 s for a server as a patient client does ({@code waitSeconds}): a server that is
     * registered may still answer a probe "no" for a moment, e.g. on a machine busy with other builds.
     */
    Assignment assignment() throws IOException, InterruptedException {
        HttpResponse<String> response = postJson(balancerUrl + "/api/v1/assignments", null, Map.of("waitSeconds", 10));
        JsonNode body = expect(response, 201);
        return new Assignment(
                body.path("serverId").asString(),
                body.path("serverUrl").asString(),
                body.path("authCode").asString());
    }

    /** Assignment, handshake, ack: an open session that is not logged in. */
    Session openSession() throws IOException, InterruptedException {
        return openSession(assignment());
    }

    /** Handshake and ack with the server of {@code assignment}: an open session that is not logged in. */
    Session openSession(Assignment assignment) throws IOException, InterruptedException {
        JsonNode handshake = expect(
                postJson(assignment.serverUrl() + "/api/v1/sessions", null, Map.of("authCode", assignment.authCode())),
                201);
        JsonNode ack = expect(
                postJson(
                        assignment.serverUrl() + "/api/v1/sessions/"
                                + handshake.path("sessionId").asString() + "/ack",
                        null,
                        Map.of("serverNonce", handshake.path("serverNonce").asString())),
                200);
        return new Session(
                assignment.serverId(),
                assignment.serverUrl(),
                ack.path("sessionToken").asString());
    }

    /** A new session logged in as a newly registered user. */
    Session registeredSession(String username, String password) throws IOException, InterruptedException {
        Session session = openSession();
        expect(
                postJson(
                        session.serverUrl() + "/api/v1/users",
                        session.token(),
                        Map.of("username", username, "password", password)),
                201);
        return session;
    }

    /** A new session logged in as an existing user; the session's token is the one the login answered. */
    Session loggedInSession(String username, String password) throws IOException, InterruptedException {
        Session session = openSession();
        JsonNode login = expect(
                postJson(
                        session.serverUrl() + "/api/v1/login",
                        session.token(),
                        Map.of("username", username, "password", password)),
                200);
        return new Session(
                session.serverId(),
                session.serverUrl(),
                login.path("sessionToken").asString());
    }

    JsonNode upload(Session session, String name, byte[] content) throws IOException, InterruptedException {
        return expect(
                send(HttpRequest.newBuilder(URI.create(session.serverUrl() + "/api/v1/files?name="
                                + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + session.token())
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(content))),
                201);
    }

    HttpResponse<byte[]> download(Session session, String fileId) throws IOException, InterruptedException {
        return http.send(
                withHeaders(HttpRequest.newBuilder(
                                URI.create(session.serverUrl() + "/api/v1/files/" + fileId + "/content")))
                        .header("Authorization", "Bearer " + session.token())
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> postJson(String url, String token, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(
                withHeaders(request).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder withHeaders(HttpRequest.Builder request) {
        headers.forEach(request::header);
        return request;
    }

    static JsonNode expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError(
                    "expected " + status + " from " + response.request().method() + " "
                            + response.request().uri() + " but got " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}
