package dev.filesys.balancer.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.balancer.BalancerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The web app as a browser loads it from a running balancer: the page at {@code /}, its modules and stylesheet with
 * the right types, the security headers (a CSP without inline code or eval, that may call the known file-services),
 * and CORS for the balancer's own origin on the loopback names only.
 */
@SpringBootTest(
        classes = BalancerApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "filesys.balancer.servers[0].id=file-1",
            "filesys.balancer.servers[0].url=http://127.0.0.1:18081",
            "filesys.balancer.servers[1].id=file-2",
            "filesys.balancer.servers[1].url=https://files.example.com/s/file-2"
        })
class WebAppTest {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void thePageAndItsFilesAreServedWithTheSecurityHeaders() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"app/main.js\"></script>");
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy)
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .contains("connect-src 'self' http://127.0.0.1:18081 https://files.example.com;")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).contains("no-cache");

        for (String[] file : new String[][] {
            {"/app/main.js", "text/javascript"},
            {"/app/api/connection.js", "text/javascript"},
            {"/app/views/files-view.js", "text/javascript"},
            {"/app/app.css", "text/css"},
            {"/app/icon.svg", "image/svg+xml"}
        }) {
            HttpResponse<String> response = get(file[0]);
            assertThat(response.statusCode()).as(file[0]).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                    .as(file[0])
                    .startsWith(file[1]);
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .as(file[0])
                    .isPresent();
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
    }

    @Test
    void nothingOutsideTheAppIsServedAndTheApiKeepsItsHeaders() throws Exception {
        HttpResponse<String> missing = get("/app/../balancer.properties");
        assertThat(missing.statusCode()).isIn(400, 404);
        assertThat(get("/app/nothing-here.js").statusCode()).isEqualTo(404);
        assertThat(get("/dev/filesys/webapp/index.html").statusCode()).isEqualTo(404);
        HttpResponse<String> jwks = get("/.well-known/jwks.json");
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.headers().firstValue("Content-Security-Policy")).isEmpty();
    }

    @Test
    void theBalancerAnswersItsOwnOriginOnTheLoopbackNamesAndNoOther() throws Exception {
        for (String origin : new String[] {"http://localhost:" + port, "http://[::1]:" + port}) {
            HttpResponse<String> preflight = preflight(origin);
            assertThat(preflight.statusCode()).isEqualTo(200);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue(origin);
        }
        HttpResponse<String> stranger = preflight("http://localhost:" + (port + 1));
        assertThat(stranger.statusCode()).isEqualTo(403);
        assertThat(stranger.body()).contains("CORS_ORIGIN_NOT_ALLOWED");
        assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/assignments"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
