package dev.filesys.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A command's requests carry one W3C trace id, each with a parent id of its own; the next command has another. */
class TraceContextTest {

    private static final String TRACEPARENT = "00-[0-9a-f]{32}-[0-9a-f]{16}-00";

    @Test
    void aCommandsRequestsShareItsTraceIdWithParentIdsOfTheirOwn() {
        TraceContext command = TraceContext.startCommand();

        String first = command.traceparent();
        String second = command.traceparent();

        assertThat(first).matches(TRACEPARENT).startsWith("00-" + command.traceId() + "-");
        assertThat(second).matches(TRACEPARENT).startsWith("00-" + command.traceId() + "-");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void theNextCommandIsAnotherTrace() {
        String before = TraceContext.startCommand().traceId();

        assertThat(TraceContext.startCommand().traceId()).isNotEqualTo(before).hasSize(32);
        assertThat(TraceContext.current().traceId()).isNotEqualTo(before);
    }

    @Test
    void everyRequestCarriesTheCurrentCommandsTrace() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst(TraceContext.HEADER));
            byte[] body = "{\"userId\":\"00000000-0000-0000-0000-000000000001\",\"username\":\"alice\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1");
            TraceContext command = TraceContext.startCommand();

            // a transfer's request (the JDK client) and an API call (RestClient) of the same command
            new Http(client, Duration.ofSeconds(5))
                    .send(
                            new Http(client, Duration.ofSeconds(5))
                                    .request(base.resolve("/api/v1/me"), null)
                                    .build(),
                            HttpResponse.BodyHandlers.discarding(),
                            false);
            ApiClients apis = new ApiClients(client, JsonMapper.shared(), ClientSettings.defaults(base));
            apis.fileServiceApi(apis.fileService(base, "token")).me();

            assertThat(received)
                    .hasSize(2)
                    .allSatisfy(
                            header -> assertThat(header).matches(TRACEPARENT).contains(command.traceId()));
        } finally {
            server.stop(0);
        }
    }
}
