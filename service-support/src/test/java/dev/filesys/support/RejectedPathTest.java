package dev.filesys.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Paths Tomcat refuses before any servlet runs still answer problem+json, over a real connection. */
@SpringBootTest(
        classes = SampleApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.mvc.problemdetails.enabled=true")
class RejectedPathTest {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(
            strings = {"/sample/a%2Fb", "/sample/a%2fb", "/sample/a%5Cb", "/sample/a%00b", "/sample/%2e%2e%2F%2e%2e"})
    void anEncodedSeparatorOrNulIsAProblem(String path) throws IOException {
        String response = get(path);
        assertThat(response).startsWith("HTTP/1.1 400 ");
        assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
        JsonNode problem = JsonMapper.builder()
                .build()
                .readTree(response.substring(response.indexOf('{'), response.lastIndexOf('}') + 1));
        assertThat(problem.path("code").asString()).isEqualTo("INVALID_PATH");
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("type").asString()).isEqualTo("https://filesys.dev/problems/invalid-path");
        assertThat(problem.path("detail").asString()).contains("'\\'");
        assertThat(problem.path("requestId").asString()).isEqualTo("rejected-1");
        assertThat(response).containsIgnoringCase("X-Request-Id: rejected-1");
        assertThat(response).doesNotContain("<html", "Tomcat", "Exception");
    }

    @Test
    void theApplicationStillAnswersItsOwnErrors() throws IOException {
        String response = get("/no/such/path");

        assertThat(response).startsWith("HTTP/1.1 404 ");
        assertThat(response).contains("\"code\":\"NOT_FOUND\"");
    }

    private String get(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                            + "\r\nX-Request-Id: rejected-1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
