package dev.filesys.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A public link's address at the balancer, {@code /l/{token}}: with no database, the balancer sends the holder to an
 * available registered file-service's public URL (path and query kept), whatever the request claims; a token that
 * cannot be one is refused here, and with no server available the answer is 503. A browser opening the address gets
 * the page that shows the link instead, and every program (curl's, wget's, the JDK's Accept) the redirect as before.
 */
@SpringBootTest(
        classes = BalancerApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"filesys.balancer.cluster-token=" + FileServiceStub.CLUSTER_TOKEN})
@DirtiesContext
class LinkRedirectTest {

    private static final String TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
    private static final FileServiceStub STUB = new FileServiceStub();

    @LocalServerPort
    int port;

    private BalancerClient balancer;

    @BeforeEach
    void setUp() {
        balancer = new BalancerClient(port);
        STUB.sayYes();
    }

    @AfterEach
    void tearDown() {
        balancer.deregister("fs-a");
        balancer.close();
    }

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @Test
    void aLinkIsSentOnToARegisteredServersPublicUrlWithItsPathAndQuery() {
        assertThat(balancer.register("fs-a", STUB.url(), "https://files.example.com/s/fs-a")
                        .status())
                .isEqualTo(200);

        BalancerClient.Reply get =
                balancer.send(HttpRequest.newBuilder(balancer.uri("/l/" + TOKEN + "?fileId=x&limit=2"))
                        .header("X-Forwarded-Host", "evil.example")
                        .GET());
        assertThat(get.status()).isEqualTo(302);
        assertThat(get.header("Location"))
                .isEqualTo("https://files.example.com/s/fs-a/l/" + TOKEN + "?fileId=x&limit=2");
        assertThat(get.header("Cache-Control")).contains("no-store");

        BalancerClient.Reply head = balancer.send(HttpRequest.newBuilder(balancer.uri("/l/" + TOKEN))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.status()).isEqualTo(302);
        assertThat(head.header("Location")).isEqualTo("https://files.example.com/s/fs-a/l/" + TOKEN);

        BalancerClient.Reply unlock = balancer.send(HttpRequest.newBuilder(balancer.uri("/l/" + TOKEN + "/unlock"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"x\"}")));
        assertThat(unlock.status()).isEqualTo(307);
        assertThat(unlock.header("Location")).isEqualTo("https://files.example.com/s/fs-a/l/" + TOKEN + "/unlock");
    }

    @Test
    void withoutAnAvailableServerThereIsNoRedirect() {
        BalancerClient.Reply none = balancer.get("/l/" + TOKEN);
        assertThat(none.status()).isEqualTo(503);
        assertThat(none.body().path("code").stringValue()).isEqualTo("NO_SERVER_AVAILABLE");
        assertThat(none.header("Location")).isNull();

        STUB.sayNo();
        balancer.register("fs-a", STUB.url(), "https://files.example.com/s/fs-a");
        assertThat(balancer.get("/l/" + TOKEN).status()).isEqualTo(503);
    }

    @Test
    void aTokenThatCannotBeOneIsRefusedBeforeAnyServerIsAsked() {
        balancer.register("fs-a", STUB.url(), "https://files.example.com/s/fs-a");
        int probes = STUB.probesFromRequests();
        for (String token : new String[] {"short", TOKEN + "a", TOKEN.substring(1) + "*", "a".repeat(3000)}) {
            BalancerClient.Reply refused = balancer.get("/l/" + token);
            assertThat(refused.status()).as(token).isEqualTo(404);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().path("code").stringValue()).isEqualTo("LINK_NOT_FOUND");
        }
        assertThat(STUB.probesFromRequests()).isEqualTo(probes);
    }

    @Test
    void aBrowserOpeningTheAddressGetsThePageAndProgramsGetTheRedirect() {
        balancer.register("fs-a", STUB.url(), "https://files.example.com/s/fs-a");
        String chromium = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
                + "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
        int probes = STUB.probesFromRequests();

        BalancerClient.Reply page = balancer.send(
                HttpRequest.newBuilder(balancer.uri("/l/" + TOKEN)).header("Accept", chromium));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.raw().body()).contains("<script type=\"module\" src=\"/app/link.js\"></script>");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'", "form-action 'none'");
        assertThat(page.header("Cache-Control")).contains("no-store");
        assertThat(page.header("Vary")).contains("Accept");
        assertThat(page.header("Location")).isNull();
        assertThat(STUB.probesFromRequests()).as("the page asks no server").isEqualTo(probes);

        BalancerClient.Reply head = balancer.send(HttpRequest.newBuilder(balancer.uri("/l/" + TOKEN))
                .header("Accept", "text/html")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.contentType()).startsWith("text/html");

        for (String accept : new String[] {"*/*", "application/json", "text/plain, */*;q=0.1", "text/html;q=0"}) {
            BalancerClient.Reply redirect = balancer.send(
                    HttpRequest.newBuilder(balancer.uri("/l/" + TOKEN)).header("Accept", accept));
            assertThat(redirect.status()).as(accept).isEqualTo(302);
            assertThat(redirect.header("Location")).isEqualTo("https://files.example.com/s/fs-a/l/" + TOKEN);
            assertThat(redirect.header("Vary")).contains("Accept");
        }
        for (String query : new String[] {"?download", "?fileId=x", "?access=a.b", "?info"}) {
            BalancerClient.Reply redirect = balancer.send(
                    HttpRequest.newBuilder(balancer.uri("/l/" + TOKEN + query)).header("Accept", chromium));
            assertThat(redirect.status()).as(query).isEqualTo(302);
            assertThat(redirect.header("Location")).isEqualTo("https://files.example.com/s/fs-a/l/" + TOKEN + query);
        }

        BalancerClient.Reply malformed =
                balancer.send(HttpRequest.newBuilder(balancer.uri("/l/short")).header("Accept", chromium));
        assertThat(malformed.status())
                .as("a browser gets the page, which says the link does not work")
                .isEqualTo(404);
        assertThat(malformed.contentType()).startsWith("text/html");
        assertThat(malformed.header("Content-Security-Policy")).contains("default-src 'none'");
    }
}
