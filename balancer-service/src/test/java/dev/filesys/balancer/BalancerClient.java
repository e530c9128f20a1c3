package dev.filesys.balancer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Drives a running balancer over real HTTP, as clients, file-services and operators do. */
final class BalancerClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    BalancerClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A response with its body parsed as JSON (or a missing node when there is none). */
    record Reply(int status, JsonNode body, HttpResponse<String> raw) {

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    Reply assign() {
        return send(post("/api/v1/assignments", HttpRequest.BodyPublishers.noBody(), null));
    }

    Reply assign(int waitSeconds) {
        return send(post(
                "/api/v1/assignments",
                HttpRequest.BodyPublishers.ofString("{\"waitSeconds\":" + waitSeconds + "}"),
                "application/json"));
    }

    Reply register(String serverId, String url) {
        return registerWithToken(serverId, url, "Bearer " + FileServiceStub.CLUSTER_TOKEN);
    }

    Reply register(String serverId, String url, String publicUrl) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/internal/v1/servers/" + serverId))
                .PUT(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("url", url, "publicUrl", publicUrl))))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + FileServiceStub.CLUSTER_TOKEN);
        return send(request);
    }

    Reply registerWithToken(String serverId, String url, String authorization) {
        String body = url == null ? "{}" : JSON.writeValueAsString(Map.of("url", url));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/internal/v1/servers/" + serverId))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    Reply deregister(String serverId) {
        return send(HttpRequest.newBuilder(uri("/internal/v1/servers/" + serverId))
                .DELETE()
                .header("Authorization", "Bearer " + FileServiceStub.CLUSTER_TOKEN));
    }

    Reply servers() {
        return send(HttpRequest.newBuilder(uri("/api/v1/servers"))
                .GET()
                .header("Authorization", "Bearer " + FileServiceStub.CLUSTER_TOKEN));
    }

    /** The entry of {@code serverId} in {@code GET /api/v1/servers}, if it is listed. */
    Optional<JsonNode> server(String serverId) {
        for (JsonNode server : servers().body()) {
            if (serverId.equals(server.path("serverId").stringValue())) {
                return Optional.of(server);
            }
        }
        return Optional.empty();
    }

    String state(String serverId) {
        return server(serverId).map(s -> s.path("state").stringValue()).orElse("ABSENT");
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.missingNode() : parseOrMissing(response.body());
            return new Reply(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parseOrMissing(String body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.missingNode();
        }
    }

    private HttpRequest.Builder post(String path, HttpRequest.BodyPublisher body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return request;
    }

    @Override
    public void close() {
        http.close();
    }
}
