package dev.filesys.file.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.balancer.BalancerApplication;
import dev.filesys.file.FileServiceApplication;
import dev.filesys.file.availability.InstanceAvailability;
import dev.filesys.file.testsupport.FileServiceTestInitializer;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real balancer and two file-services in one JVM on random ports, against one PostgreSQL: a client gets an
 * assignment, handshakes, registers, logs out and in again; a file-service that says no gets no clients; a client whose
 * server goes away resumes its session on the other one.
 */
class EndToEndTest {

    private static final String CLUSTER_TOKEN = StubBalancer.CLUSTER_TOKEN;

    ConfigurableApplicationContext balancer;
    ConfigurableApplicationContext file1;
    ConfigurableApplicationContext file2;
    TestClient balancerClient;

    @BeforeEach
    void startCluster() {
        balancer = new SpringApplicationBuilder(BalancerApplication.class)
                .registerShutdownHook(false)
                .run(
                        "--server.port=0",
                        "--filesys.balancer.cluster-token=" + CLUSTER_TOKEN,
                        "--filesys.balancer.heartbeat=500ms");
        balancerClient = TestClient.onPort(port(balancer));
        file1 = startFileService("file-1");
        file2 = startFileService("file-2");
        TestDatabase.clear(file1.getBean(DataSource.class));
        await().atMost(Duration.ofSeconds(15)).until(() -> assignedServers(6).containsAll(Set.of("file-1", "file-2")));
    }

    @AfterEach
    void stopCluster() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {file2, file1, balancer}) {
            if (context != null) {
                context.close();
            }
        }
    }

    @Test
    void clientGetsAServerHandshakesRegistersAndLogsInAgain() {
        Response assignment =
                balancerClient.post("/api/v1/assignments", null, Map.of()).expect(201);
        assertThat(assignment.text("serverId")).isIn("file-1", "file-2");
        assertThat(assignment.text("expiresAt")).isNotBlank();
        TestClient server = new TestClient(assignment.text("serverUrl"));

        String token = server.openSession(assignment.text("authCode"));
        Response registered = server.register(token, "Alice", "correct horse").expect(201);
        Response registeredMe = server.get("/api/v1/me", token).expect(200);
        assertThat(registeredMe.text("userId")).isEqualTo(registered.text("userId"));
        assertThat(registeredMe.text("username")).isEqualTo(registered.text("username"));
        server.post("/api/v1/logout", token, null).expect(204);
        assertThat(server.get("/api/v1/me", token).expect(401).code()).isEqualTo("NOT_LOGGED_IN");
        String rotated =
                server.login(token, "alice", "correct horse").expect(200).text("sessionToken");
        Response me = server.get("/api/v1/me", rotated).expect(200);

        assertThat(me.text("username")).isEqualTo("alice");
        assertThat(me.text("userId")).isEqualTo(registered.text("userId"));
        assertThat(server.beginHandshake(assignment.text("authCode"))
                        .expect(401)
                        .code())
                .as("an auth code works once")
                .isEqualTo("AUTH_CODE_REPLAYED");
    }

    @Test
    void aServerThatSaysNoGetsNoClients() {
        file1.getBean(InstanceAvailability.class).drain();

        List<String> servers = assignedServersInOrder(6);

        assertThat(servers).hasSize(6).containsOnly("file-2");

        file1.getBean(InstanceAvailability.class).accept();
        await().atMost(Duration.ofSeconds(10)).until(() -> assignedServers(6).contains("file-1"));
    }

    @Test
    void sessionMovesToTheOtherServerWhenItsServerGoesAway() {
        Response first =
                balancerClient.post("/api/v1/assignments", null, Map.of()).expect(201);
        TestClient server = new TestClient(first.text("serverUrl"));
        String token = server.openSession(first.text("authCode"));
        String userId =
                server.register(token, "bob", "correct horse").expect(201).text("userId");
        String goneId = first.text("serverId");

        if (goneId.equals("file-1")) {
            file1.close();
            file1 = null;
        } else {
            file2.close();
            file2 = null;
        }
        Response second =
                balancerClient.post("/api/v1/assignments", null, Map.of()).expect(201);
        assertThat(second.text("serverId")).isNotEqualTo(goneId);
        TestClient other = new TestClient(second.text("serverUrl"));
        Response started = other.beginHandshake(second.text("authCode"), token).expect(201);
        Response acked = other.ack(started.text("sessionId"), started.text("serverNonce"))
                .expect(200);

        assertThat(acked.json().get("resumed").asBoolean()).isTrue();
        Response me = other.get("/api/v1/me", acked.text("sessionToken")).expect(200);
        assertThat(me.text("userId")).isEqualTo(userId);
        assertThat(other.get("/api/v1/me", token).expect(401).code()).isEqualTo("SESSION_EXPIRED");
    }

    private Set<String> assignedServers(int assignments) {
        return new HashSet<>(assignedServersInOrder(assignments));
    }

    private List<String> assignedServersInOrder(int assignments) {
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < assignments; i++) {
            Response assignment = balancerClient.post("/api/v1/assignments", null, Map.of());
            if (assignment.status() == 201) {
                servers.add(assignment.text("serverId"));
            }
        }
        return servers;
    }

    private ConfigurableApplicationContext startFileService(String serverId) {
        return new SpringApplicationBuilder(FileServiceApplication.class)
                .initializers(new FileServiceTestInitializer())
                .registerShutdownHook(false)
                .run(
                        "--server.port=0",
                        "--filesys.server.id=" + serverId,
                        "--filesys.balancer.url=http://127.0.0.1:" + port(balancer),
                        "--filesys.balancer.cluster-token=" + CLUSTER_TOKEN,
                        "--filesys.balancer.register=true",
                        "--filesys.balancer.heartbeat=500ms",
                        "--filesys.availability.refresh-interval=200ms");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
