package dev.filesys.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The limits on what a client may send, over real connections: bodies over the limit are refused before parsing (also
 * chunked ones), Jackson refuses deep nesting, a trickled request head is cut at its deadline, and one address cannot
 * hold more connections than its cap while another still gets in.
 */
@SpringBootTest(
        classes = {SampleApplication.class, RequestLimitsTest.Limits.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.mvc.problemdetails.enabled=true",
            // as in the file-service: Tomcat drains nothing of a body the application left unread
            "server.tomcat.max-swallow-size=0"
        })
class RequestLimitsTest {

    static final int MAX_BODY = 1024;
    static final int PER_ADDRESS = 4;
    static final Duration HEAD_DEADLINE = Duration.ofSeconds(2);
    static final InetAddress PROXY = address("127.0.0.9");

    @TestConfiguration
    static class Limits {
        @Bean
        HttpLimits httpLimits() {
            return new HttpLimits(
                    DataSize.ofBytes(MAX_BODY),
                    List.of("POST /sample/stream", "POST /sample/stream/refused"),
                    HEAD_DEADLINE,
                    PER_ADDRESS);
        }

        @Bean
        TrustedProxies trustedProxies() {
            return TrustedProxies.of(List.of(PROXY.getHostAddress() + "/32"));
        }
    }

    @LocalServerPort
    int port;

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWithoutReadingTheBody() throws IOException {
        String response = exchange("POST /sample HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 90000000\r\n\r\n{\"name\":\"");

        assertThat(response).startsWith("HTTP/1.1 413 ");
        assertThat(problem(response).path("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(response).containsIgnoringCase("Connection: close");
    }

    @Test
    void aRefusalOfABodyStillBeingSentSaysWhereItEnds() throws Exception {
        // a client that does not wait for 100 Continue sends the body while the refusal is on its way, and the server
        // closes with that body unread, which the client may see as a reset: with the answer's length declared, the
        // client has the whole answer before that (without it, the answer would end only with the connection)
        int size = 200_000;
        try (Socket socket = connect(InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(10_000);
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /sample HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: " + size + "\r\n\r\n" + "x".repeat(size))
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // the assertions below say what went wrong
                }
            });
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            sender.join();

            assertThat(response).startsWith("HTTP/1.1 413 ");
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertThat(response).containsIgnoringCase("Content-Length: " + body.length());
            assertThat(problem(response).path("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
        }
    }

    @Test
    void aClientThatSendsItsWholeBodyBeforeReadingStillGetsTheRefusal() throws Exception {
        // Java's HttpClient reads the answer only once the body is sent: if the server closed on the unread body, the
        // client's write would fail and the refusal with it; far more than the sockets' buffers hold is sent here
        byte[] body = new byte[16 * 1024 * 1024];
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> refused = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sample/stream/refused"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).isEqualTo(507);
            assertThat(problem(refused.body()).path("code").asString()).isEqualTo("QUOTA_EXCEEDED");
        }
    }

    @Test
    void theRestOfARefusedBodyIsReadForAFewSecondsAtMost() throws Exception {
        try (Socket socket = connect(InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            out.write(("POST /sample/stream/refused HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            // one byte of the body every 100 ms, never done: the drain must give up on it
            boolean closed = false;
            while (!closed
                    && System.nanoTime() - start
                            < RefusedBodyDrain.LINGER.multipliedBy(3).toNanos()) {
                try {
                    out.write('x');
                    out.flush();
                } catch (IOException e) {
                    closed = true;
                    break;
                }
                try {
                    byte[] buffer = new byte[4096];
                    int n = in.read(buffer);
                    if (n < 0) {
                        closed = true;
                    } else {
                        answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (SocketTimeoutException e) {
                    // nothing yet
                } catch (IOException e) {
                    closed = true;
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(answer.toString()).startsWith("HTTP/1.1 507 ");
            assertThat(closed).as("the server closed the connection").isTrue();
            assertThat(took).isBetween(RefusedBodyDrain.LINGER, RefusedBodyDrain.LINGER.plusSeconds(3));
        }
    }

    @Test
    void aChunkedBodyIsCutOffOneBytePastTheLimit() throws IOException {
        StringBuilder request =
                new StringBuilder("POST /sample HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n");
        String chunk = "x".repeat(512);
        for (int i = 0; i < 8; i++) {
            request.append(Integer.toHexString(chunk.length()))
                    .append("\r\n")
                    .append(chunk)
                    .append("\r\n");
        }
        String response = exchange(request.toString());

        assertThat(response).startsWith("HTTP/1.1 413 ");
        assertThat(problem(response).path("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void aBodyWithinTheLimitIsParsedAsUsual() throws IOException {
        String body = "{\"name\":\"" + "a".repeat(MAX_BODY - 20) + "\"}";
        String response = exchange("POST /sample HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + Integer.toHexString(body.length())
                + "\r\n"
                + body + "\r\n0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void aStreamingEndpointTakesMore() throws IOException {
        int size = 64 * 1024;
        String response =
                exchange("POST /sample/stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Length: " + size + "\r\nConnection: close\r\n\r\n" + "z".repeat(size));

        assertThat(response).startsWith("HTTP/1.1 200 ");
        assertThat(response).endsWith(Integer.toString(size));
    }

    @Test
    void deepNestingIsAMalformedRequestNotAFailure() throws IOException {
        String body = "{\"name\":" + "[".repeat(200) + "]".repeat(200) + "}";
        String response = exchange("POST /sample/tree HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);

        assertThat(response).startsWith("HTTP/1.1 400 ");
        assertThat(problem(response).path("code").asString()).isEqualTo("MALFORMED_REQUEST");
    }

    @Test
    void aTrickledHeadIsCutAtItsDeadline() throws Exception {
        try (Socket socket = connect(InetAddress.getLoopbackAddress())) {
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            out.write("GET /sample/missing HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(200);
            InputStream in = socket.getInputStream();
            // one header byte every 200 ms: each byte is well within any per-read timeout
            int closed = -2;
            while (closed == -2
                    && System.nanoTime() - start < HEAD_DEADLINE.multipliedBy(5).toNanos()) {
                try {
                    out.write('X');
                    out.flush();
                } catch (IOException e) {
                    closed = -1;
                    break;
                }
                try {
                    closed = in.read();
                } catch (SocketTimeoutException e) {
                    closed = -2;
                } catch (IOException e) {
                    closed = -1;
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(closed).as("the server closed the connection").isEqualTo(-1);
            assertThat(took).isBetween(HEAD_DEADLINE, HEAD_DEADLINE.plusSeconds(3));
        }
    }

    @Test
    void oneAddressCannotHoldMoreThanItsCap() throws Exception {
        InetAddress greedy = InetAddress.getByName("127.0.0.7");
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS; i++) {
                held.add(connect(greedy));
            }
            try (Socket extra = connect(greedy)) {
                extra.setSoTimeout(5_000);
                assertThat(extra.getInputStream().read()).as("refused at once").isEqualTo(-1);
            }
            // another address is served meanwhile
            assertThat(exchangeFrom(
                            InetAddress.getByName("127.0.0.8"),
                            "GET /sample/missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 404 ");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        // once they are closed, the address gets in again
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(exchangeFrom(
                                greedy, "GET /sample/missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                        .startsWith("HTTP/1.1 404 "));
    }

    @Test
    void aTrustedProxyIsNotCapped() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            // every client behind a proxy arrives from its address
            for (int i = 0; i < PER_ADDRESS * 3; i++) {
                held.add(connect(PROXY));
            }
            assertThat(exchangeFrom(PROXY, "GET /sample/missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 404 ");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Socket connect(InetAddress from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        return socket;
    }

    private String exchange(String request) throws IOException {
        return exchangeFrom(InetAddress.getLoopbackAddress(), request);
    }

    private String exchangeFrom(InetAddress from, String request) throws IOException {
        try (Socket socket = connect(from)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode problem(String response) {
        return JsonMapper.builder()
                .build()
                .readTree(response.substring(response.indexOf('{'), response.lastIndexOf('}') + 1));
    }
}
