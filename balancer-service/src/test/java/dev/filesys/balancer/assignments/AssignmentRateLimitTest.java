package dev.filesys.balancer.assignments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.balancer.BalancerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assignments per client address: a burst, then one per interval; beyond that {@code 429 RATE_LIMITED} with
 * {@code Retry-After}, before any server is asked. A huge body is refused before it is read.
 */
@SpringBootTest(
        classes = BalancerApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"filesys.balancer.limits.assignments-burst=3", "filesys.balancer.limits.assignments-every=1h"})
class AssignmentRateLimitTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aBurstThenRateLimitedWithRetryAfter() throws Exception {
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/assignments"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        // no server is known: the first three get as far as asking and hear NO_SERVER_AVAILABLE
        assertThat(answers.subList(0, 3))
                .allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(503));
        assertThat(answers.subList(3, 5)).allSatisfy(a -> {
            assertThat(a.statusCode()).isEqualTo(429);
            assertThat(a.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JsonMapper.builder()
                            .build()
                            .readTree(a.body())
                            .path("code")
                            .asString())
                    .isEqualTo("RATE_LIMITED");
            // a token comes back after an hour
            assertThat(Long.parseLong(a.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(3000L, 3600L);
        });
    }

    @Test
    void aHugeBodyIsRefusedBeforeItIsRead() throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/assignments"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"waitSeconds\":\"" + "9".repeat(20_000) + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(answer.body())
                        .path("code")
                        .asString())
                .isEqualTo("PAYLOAD_TOO_LARGE");
    }
}
