package dev.filesys.balancer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A real HTTP server on a random loopback port standing in for a file-service's
 * {@code GET /internal/v1/availability}. It answers only requests that carry the cluster token (anything else gets
 * WireMock's 404, which the balancer counts as a failure), and tells probes from requests and from the background
 * checker apart by their {@code User-Agent}.
 */
final class FileServiceStub implements AutoCloseable {

    static final String CLUSTER_TOKEN = "test-cluster-token";
    static final String AVAILABILITY = "/internal/v1/availability";

    private final WireMockServer server;

    FileServiceStub() {
        server = new WireMockServer(
                options().bindAddress("127.0.0.1").dynamicPort().containerThreads(60));
        server.start();
        warmUp();
    }

    /** The first request to a fresh server is slow (class loading, JIT): get it over with before a test times one. */
    private void warmUp() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            http.send(
                    HttpRequest.newBuilder(URI.create(url() + "/__admin/health"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    FileServiceStub sayYes() {
        return answer(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"available\":true,\"activeSessions\":3,\"capacity\":100,\"reason\":null}"));
    }

    /** Says yes and names itself {@code serverId}, as a file-service found by DNS discovery does. */
    FileServiceStub sayYesAs(String serverId) {
        return answer(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"available\":true,\"activeSessions\":0,\"capacity\":100,\"reason\":null,"
                        + "\"serverId\":\"" + serverId + "\"}"));
    }

    FileServiceStub sayNo() {
        return answer(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"available\":false,\"activeSessions\":100,\"capacity\":100,\"reason\":\"AT_CAPACITY\"}"));
    }

    /** Accepts the connection, then says nothing for {@code delay}. */
    FileServiceStub hang(Duration delay) {
        return answer(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"available\":true,\"activeSessions\":0,\"capacity\":100}")
                .withFixedDelay((int) delay.toMillis()));
    }

    FileServiceStub answerWith(int status, String body) {
        return answer(aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body));
    }

    private FileServiceStub answer(ResponseDefinitionBuilder response) {
        server.resetMappings();
        server.stubFor(get(urlEqualTo(AVAILABILITY))
                // a configured server is shown the cluster token, a self-registered one a probe token (a JWS)
                .withHeader(
                        "Authorization",
                        matching("Bearer (" + CLUSTER_TOKEN + "|eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)"))
                .willReturn(response));
        return this;
    }

    /** Probes sent on behalf of assignment requests. */
    int probesFromRequests() {
        return countByAgent("filesys-balancer/assignment-probe");
    }

    /** Probes sent by the background checker. */
    int backgroundChecks() {
        return countByAgent("filesys-balancer/background-check");
    }

    private int countByAgent(String agent) {
        return server.countRequestsMatching(getRequestedFor(urlEqualTo(AVAILABILITY))
                        .withHeader("User-Agent", equalTo(agent))
                        .build())
                .getCount();
    }

    @Override
    public void close() {
        server.stop();
    }
}
