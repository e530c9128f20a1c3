package dev.filesys.file.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small JSON-over-HTTP client for tests that drive a real server on a port, with the handshake and account flows as
 * one-liners. Every call returns the response whatever its status; tests assert on it.
 */
public final class TestClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public TestClient(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    public static TestClient onPort(int port) {
        return new TestClient("http://127.0.0.1:" + port);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Response get(String path, String bearer) {
        return send("GET", path, bearer, null);
    }

    /** A GET that accepts any media type (metrics, documentation). */
    public Response getAny(String path) {
        return send("GET", path, null, null, "*/*");
    }

    public Response post(String path, String bearer, Map<String, ?> body) {
        return send("POST", path, bearer, body == null ? null : JSON.writeValueAsString(body));
    }

    public Response postRaw(String path, String bearer, String rawBody) {
        return send("POST", path, bearer, rawBody);
    }

    public Response patch(String path, String bearer, Map<String, ?> body) {
        return send("PATCH", path, bearer, JSON.writeValueAsString(body));
    }

    public Response delete(String path, String bearer) {
        return send("DELETE", path, bearer, null);
    }

    /** A DELETE with a JSON body (an account's removal, confirmed with the password). */
    public Response delete(String path, String bearer, Map<String, ?> body) {
        return send("DELETE", path, bearer, JSON.writeValueAsString(body));
    }

    public Response put(String path, String bearer, Map<String, ?> body) {
        return send("PUT", path, bearer, body == null ? null : JSON.writeValueAsString(body));
    }

    /** Any method with a JSON body (or none) and extra headers (name, value, …). */
    public Response exchange(String method, String path, String bearer, Map<String, ?> body, String... headers) {
        return send(
                method,
                path,
                bearer,
                body == null ? null : JSON.writeValueAsString(body),
                "application/json, application/problem+json",
                headers);
    }

    /** Step 1 of the handshake. */
    public Response beginHandshake(String authCode) {
        return post("/api/v1/sessions", null, Map.of("authCode", authCode));
    }

    /** Step 1 of a handshake that resumes the session of {@code resumeToken}. */
    public Response beginHandshake(String authCode, String resumeToken) {
        return post("/api/v1/sessions", null, Map.of("authCode", authCode, "resumeToken", resumeToken));
    }

    public Response ack(String sessionId, String serverNonce) {
        return post("/api/v1/sessions/" + sessionId + "/ack", null, Map.of("serverNonce", serverNonce));
    }

    /** The whole handshake with a valid code; fails the test unless it succeeds. */
    public String openSession(String authCode) {
        Response started = beginHandshake(authCode).expect(201);
        return ack(started.text("sessionId"), started.text("serverNonce"))
                .expect(200)
                .text("sessionToken");
    }

    public Response register(String token, String username, String password) {
        return post("/api/v1/users", token, Map.of("username", username, "password", password));
    }

    public Response login(String token, String username, String password) {
        return post("/api/v1/login", token, Map.of("username", username, "password", password));
    }

    private Response send(String method, String path, String bearer, String body) {
        return send(method, path, bearer, body, "application/json, application/problem+json");
    }

    private Response send(String method, String path, String bearer, String body, String accept, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", accept)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response: status, headers, body (parsed as JSON when it is some). */
    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        }

        /** A top-level text field of the JSON body, or null. */
        public String text(String field) {
            JsonNode node = json().get(field);
            return node == null || node.isNull() ? null : node.asString();
        }

        /** The problem's {@code code}, for error responses. */
        public String code() {
            return text("code");
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** This response, after checking its status; the failure message shows the body. */
        public Response expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }
    }

    /** A path below the service, or an absolute URL the service wrote (a {@code Location}). */
    private URI resolve(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http://") ? pathOrUrl : baseUrl + pathOrUrl);
    }
}
