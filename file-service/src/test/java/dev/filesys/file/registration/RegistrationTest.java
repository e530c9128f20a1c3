package dev.filesys.file.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.FileServiceApplication;
import dev.filesys.file.availability.InstanceAvailability;
import dev.filesys.file.testsupport.FileServiceTestInitializer;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Self-registration: heartbeats while running, drain and deregistration on shutdown, patience with a dead balancer. */
class RegistrationTest {

    @Test
    void registersWhileRunningThenDrainsAndDeregistersOnShutdown() {
        try (StubBalancer balancer = new StubBalancer()) {
            ConfigurableApplicationContext app = start(balancer.url(), "file-r");
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> balancer.calls().stream()
                                    .filter("PUT file-r"::equals)
                                    .count()
                            >= 2);
            assertThat(balancer.registered()).isEqualTo(Map.of("file-r", "http://127.0.0.1:" + port));
            InstanceAvailability availability = app.getBean(InstanceAvailability.class);
            assertThat(availability.current().available()).isTrue();

            app.close();

            assertThat(availability.isDraining()).isTrue();
            assertThat(balancer.registered()).isEmpty();
            assertThat(balancer.calls()).last().isEqualTo("DELETE file-r");
        }
    }

    @Test
    void startsWithoutTheBalancerAndRegistersOnceItIsUp() throws IOException {
        int balancerPort;
        try (ServerSocket reserved = new ServerSocket(0)) {
            balancerPort = reserved.getLocalPort();
        }
        try (ConfigurableApplicationContext app = start("http://127.0.0.1:" + balancerPort, "file-late")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            TestClient.onPort(port)
                    .get("/internal/v1/availability", StubBalancer.CLUSTER_TOKEN)
                    .expect(200);

            try (StubBalancer balancer = new StubBalancer(balancerPort)) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> balancer.registered().containsKey("file-late"));
            }
        }
    }

    private static ConfigurableApplicationContext start(String balancerUrl, String serverId) {
        return new SpringApplicationBuilder(FileServiceApplication.class)
                .initializers(new FileServiceTestInitializer())
                .registerShutdownHook(false)
                .run(
                        "--server.port=0",
                        "--filesys.server.id=" + serverId,
                        "--filesys.balancer.url=" + balancerUrl,
                        "--filesys.balancer.register=true",
                        "--filesys.balancer.heartbeat=200ms",
                        "--filesys.balancer.request-timeout=500ms");
    }
}
