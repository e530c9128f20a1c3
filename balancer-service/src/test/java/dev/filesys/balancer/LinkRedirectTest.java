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
 * cannot be one is refused here, and with no server available the answer is 503.
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
}
