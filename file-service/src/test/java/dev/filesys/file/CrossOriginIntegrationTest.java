package dev.filesys.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * CORS on a real file-service with its default origins, those of its balancer: a page served by the balancer may
 * preflight and read a tus creation and a refusal; a page of any other origin gets no CORS header.
 */
@FileServiceTest
class CrossOriginIntegrationTest {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void thePagesOfTheBalancersOriginMayCallTheService() throws Exception {
        int balancerPort = URI.create(StubBalancer.shared().url()).getPort();
        for (String app : new String[] {"http://127.0.0.1:" + balancerPort, "http://localhost:" + balancerPort}) {
            HttpResponse<String> preflight = send(HttpRequest.newBuilder(uri("/api/v1/uploads"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", app)
                    .header("Access-Control-Request-Method", "POST")
                    .header(
                            "Access-Control-Request-Headers",
                            "authorization, tus-resumable, upload-length, upload-metadata"));
            assertThat(preflight.statusCode()).isEqualTo(200);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue(app);
            assertThat(preflight.headers().firstValue("Tus-Resumable"))
                    .as("a preflight is answered before tus discovery")
                    .isEmpty();

            HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/api/v1/uploads"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .header("Origin", app)
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Length", "10"));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("SESSION_REQUIRED");
            assertThat(refused.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue(app);
            assertThat(refused.headers()
                            .firstValue("Access-Control-Expose-Headers")
                            .orElseThrow())
                    .contains("Location", "Upload-Offset", "Tus-Resumable", "Retry-After");
        }
    }

    @Test
    void anyOtherOriginGetsNoCorsHeaders() throws Exception {
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(uri("/api/v1/uploads"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST"));
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.body()).contains("CORS_ORIGIN_NOT_ALLOWED");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();

        HttpResponse<String> request = send(
                HttpRequest.newBuilder(uri("/api/v1/me")).GET().header("Origin", "http://127.0.0.1:" + port + "1"));
        assertThat(request.statusCode()).isEqualTo(401);
        assertThat(request.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(request.headers().firstValue("Access-Control-Expose-Headers"))
                .isEmpty();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
