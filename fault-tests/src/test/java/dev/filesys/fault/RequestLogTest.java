package dev.filesys.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.fault.ProtocolClient.Assignment;
import dev.filesys.fault.ProtocolClient.Session;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One client's requests followed across services by the trace id it sent (W3C {@code traceparent}), in the JSON logs
 * of real processes ({@code logging.structured.format.console=ecs}, the documented setting): the balancer's line for
 * the assignment, the file-service's lines for the balancer's availability probe on its behalf, the handshake, the
 * registration, the upload and the download all carry that trace id, the service's name and the request as fields;
 * and neither log holds a password, session token, auth code, the cluster token or a file's content.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLogTest {

    private static final String PASSWORD = "Tracing-passw0rd-Kq7";
    private static final String CONTENT = "file content that must never reach a log";

    private final String traceId = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private FaultCluster cluster;

    @BeforeAll
    void start() throws Exception {
        Path dir = Path.of("target", "fault-request-log-" + System.currentTimeMillis())
                .toAbsolutePath();
        String json = "--logging.structured.format.console=ecs";
        // successful machine traffic (the availability probe among it) is logged at DEBUG
        cluster =
                FaultCluster.start(dir, 1, List.of(json), List.of(json, "--logging.level.dev.filesys.requests=DEBUG"));
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void oneTraceIdFindsTheRequestInEveryServicesLogWithItsFieldsAndNoSecret() throws Exception {
        String parentSpan = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        ProtocolClient client = new ProtocolClient(
                cluster.balancer().url(), Map.of("traceparent", "00-" + traceId + "-" + parentSpan + "-01"));

        Assignment assignment = client.assignment();
        Session session = client.openSession(assignment);
        JsonNode user = ProtocolClient.expect(
                client.postJson(
                        session.serverUrl() + "/api/v1/users",
                        session.token(),
                        Map.of("username", "tracy" + System.nanoTime(), "password", PASSWORD)),
                201);
        String fileId = client.upload(session, "traced.txt", CONTENT.getBytes(StandardCharsets.UTF_8))
                .path("fileId")
                .asString();
        HttpResponse<byte[]> download = client.download(session, fileId);
        assertThat(download.statusCode()).isEqualTo(200);

        FaultCluster.Service balancer = cluster.balancer();
        FaultCluster.Service fileService = cluster.fileServices().getFirst();
        JsonNode assigned = awaitLine(balancer, line -> isRequest(line, "POST", "/api/v1/assignments", 201));
        assertThat(assigned.path("service").path("name").asString()).isEqualTo("balancer");
        assertThat(assigned.path("duration").path("ms").isNumber()).isTrue();
        assertThat(assigned.path("requestId").asString()).isNotBlank();
        assertThat(assigned.path("user").isMissingNode()).isTrue();

        JsonNode probe = awaitLine(fileService, line -> isRequest(line, "GET", "/internal/v1/availability", 200));
        assertThat(probe.path("service").path("name").asString()).isEqualTo("file-service");
        assertThat(probe.path("service").path("node").path("name").asString()).isEqualTo("file-1");
        awaitLine(fileService, line -> isRequest(line, "POST", "/api/v1/sessions", 201));
        awaitLine(fileService, line -> isRequest(line, "POST", "/api/v1/users", 201));
        String userId = user.path("userId").asString();
        JsonNode uploaded = awaitLine(fileService, line -> isRequest(line, "POST", "/api/v1/files", 201));
        assertThat(uploaded.path("user").path("id").asString()).isEqualTo(userId);
        JsonNode downloaded =
                awaitLine(fileService, line -> isRequest(line, "GET", "/api/v1/files/{fileId}/content", 200));
        assertThat(downloaded.path("url").path("path").asString()).isEqualTo("/api/v1/files/" + fileId + "/content");
        assertThat(downloaded.path("user").path("id").asString()).isEqualTo(userId);

        for (FaultCluster.Service service : List.of(balancer, fileService)) {
            assertThat(cluster.logOf(service))
                    .as("log of " + service.id())
                    .doesNotContain(PASSWORD)
                    .doesNotContain(session.token())
                    .doesNotContain(assignment.authCode())
                    .doesNotContain(cluster.clusterToken())
                    .doesNotContain(CONTENT);
        }
    }

    /** A request line of this test's trace with the method, the path template and the status as fields. */
    private boolean isRequest(JsonNode line, String method, String route, int status) {
        return line.path("traceId").asString().equals(traceId)
                && line.path("log").path("logger").asString().equals("dev.filesys.requests")
                && line.path("http").path("method").asString().equals(method)
                && line.path("http").path("route").asString().equals(route)
                && line.path("http").path("status").asInt() == status;
    }

    private JsonNode awaitLine(FaultCluster.Service service, Predicate<JsonNode> wanted) {
        return await("a matching line in the log of " + service.id() + " (" + service.log() + ")")
                .atMost(Duration.ofSeconds(10))
                .until(() -> jsonLines(service).stream().filter(wanted).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private List<JsonNode> jsonLines(FaultCluster.Service service) throws IOException {
        return cluster.logOf(service)
                .lines()
                .filter(line -> line.startsWith("{"))
                .flatMap(line -> {
                    try {
                        return java.util.stream.Stream.of(ProtocolClient.JSON.readTree(line));
                    } catch (JacksonException e) {
                        return java.util.stream.Stream.empty(); // a line still being written
                    }
                })
                .toList();
    }
}
