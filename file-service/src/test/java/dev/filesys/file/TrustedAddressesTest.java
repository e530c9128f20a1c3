package dev.filesys.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * One setting names the addresses the service trusts ({@code filesys.trusted-proxies}): a request through one of them
 * is limited by the client address it forwards, a request from anywhere else by its own address, whatever
 * {@code X-Forwarded-For} it sends. Here the proxy is 127.0.0.1 and the handshake allowance two per address.
 */
@FileServiceTest
// settings no other test shares: close the context afterwards instead of keeping its connections in the cache
@DirtiesContext
@TestPropertySource(properties = {"filesys.trusted-proxies=127.0.0.1", "filesys.limits.handshakes=2/1h"})
class TrustedAddressesTest {

    @LocalServerPort
    int port;

    @Test
    void throughATrustedProxyTheForwardedClientIsLimitedElseTheSender() throws Exception {
        HttpClient proxy = from("127.0.0.1");
        HttpClient direct = from("127.0.0.2");

        // two clients behind the proxy: each has its own allowance
        assertThat(handshake(proxy, "203.0.113.7")).isNotEqualTo(429);
        assertThat(handshake(proxy, "203.0.113.7")).isNotEqualTo(429);
        assertThat(handshake(proxy, "203.0.113.7")).isEqualTo(429);
        assertThat(handshake(proxy, "203.0.113.8")).isNotEqualTo(429);

        // a sender that is not trusted is limited as itself: its X-Forwarded-For is ignored
        assertThat(handshake(direct, "203.0.113.8")).isNotEqualTo(429);
        assertThat(handshake(direct, "203.0.113.9")).isNotEqualTo(429);
        assertThat(handshake(direct, "203.0.113.10")).isEqualTo(429);
        // and it spent none of the allowance of the client it named
        assertThat(handshake(proxy, "203.0.113.8")).isNotEqualTo(429);
        assertThat(handshake(proxy, "203.0.113.8")).isEqualTo(429);
    }

    /** The status of a handshake with a code that is no auth code (refused after the allowance was taken). */
    private int handshake(HttpClient client, String forwardedFor) throws Exception {
        return client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sessions"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .header("X-Forwarded-For", forwardedFor)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"authCode\":\"not-a-code\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static HttpClient from(String address) throws Exception {
        return HttpClient.newBuilder()
                .localAddress(InetAddress.getByName(address))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}
