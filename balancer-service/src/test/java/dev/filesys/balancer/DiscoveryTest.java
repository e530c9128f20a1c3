package dev.filesys.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * DNS discovery in a running balancer, with a name the machine really resolves: {@code localhost} stands for a
 * headless Service, a stand-in on 127.0.0.1 for the file-service behind it. The server is found without registering,
 * and codes are signed for the id it names in its answer, not for the id derived from its address.
 */
@SpringBootTest(
        classes = BalancerApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "filesys.balancer.cluster-token=" + FileServiceStub.CLUSTER_TOKEN,
            "filesys.balancer.discovery.dns-name=localhost",
            "filesys.balancer.discovery.interval=200ms"
        })
@DirtiesContext
class DiscoveryTest {

    private static final FileServiceStub SERVER = new FileServiceStub().sayYesAs("file-service-5d8f-q7x2k");

    @LocalServerPort
    int port;

    private BalancerClient balancer;

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry registry) {
        registry.add(
                "filesys.balancer.discovery.port",
                () -> SERVER.url().substring(SERVER.url().lastIndexOf(':') + 1));
    }

    @BeforeEach
    void connect() {
        balancer = new BalancerClient(port);
    }

    @AfterEach
    void close() {
        balancer.close();
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @Test
    void aServerFoundThroughDnsIsAssignedUnderTheIdItNames() throws Exception {
        JsonNode found = await().atMost(Duration.ofSeconds(10))
                .until(() -> balancer.server("ip-127-0-0-1").orElse(null), entry -> entry != null);
        assertThat(found.path("source").stringValue()).isEqualTo("DISCOVERED");
        assertThat(found.path("url").stringValue()).isEqualTo(SERVER.url());
        assertThat(found.path("leaseExpiresAt").isNull()).isTrue();

        BalancerClient.Reply assignment = balancer.assign(5);

        assertThat(assignment.status()).isEqualTo(201);
        assertThat(assignment.body().path("serverId").stringValue()).isEqualTo("file-service-5d8f-q7x2k");
        assertThat(assignment.body().path("serverUrl").stringValue()).isEqualTo(SERVER.url());
        assertThat(SignedJWT.parse(assignment.body().path("authCode").stringValue())
                        .getJWTClaimsSet()
                        .getAudience())
                .containsExactly("file-service-5d8f-q7x2k");
    }
}
