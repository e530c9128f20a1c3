package dev.filesys.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.balancer.BalancerProperties;
import dev.filesys.balancer.authcodes.SigningKeys;
import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.availability.InstanceAvailability;
import io.fabric8.kubernetes.api.model.Probe;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.context.support.StandardServletEnvironment;

/**
 * The real applications, started with the environment the Kubernetes base gives their containers (ConfigMaps and
 * literal values as written; for what comes from Secrets or the pod, test values; port 0 for a free port): the
 * settings bind and validate, the probe paths of the manifests answer 200, and a file-service that drains fails its
 * readiness probe while its liveness probe stays up. The file-service runs on an embedded PostgreSQL and, until an S3
 * server is part of these tests, on the local blob store.
 */
class RunningApplicationsTest {

    private static final String CLUSTER_TOKEN = "deploy-test-cluster-token";
    private static final String POD_NAME = "file-service-7d9f8b6c5d-x2k4q";

    @TempDir
    static Path scratch;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Manifests base;
    private static EmbeddedPostgres postgres;
    private static ConfigurableApplicationContext balancer;
    private static ConfigurableApplicationContext fileService;

    @BeforeAll
    static void start() throws IOException {
        base = Manifests.render("base");

        Path keys = scratch.resolve("signing-keys.json");
        Files.writeString(keys, SigningKeys.generated().toPrivateJson());
        Map<String, String> balancerEnvironment = environment(Application.BALANCER);
        balancerEnvironment.put("FILESYS_CLUSTER_TOKEN", CLUSTER_TOKEN);
        balancerEnvironment.put("FILESYS_SIGNING_KEYS_FILE", keys.toString());
        balancer = start(Application.BALANCER, balancerEnvironment);

        postgres = EmbeddedPostgres.builder()
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<String, String> fileEnvironment = environment(Application.FILE_SERVICE);
        fileEnvironment.put("FILESYS_CLUSTER_TOKEN", CLUSTER_TOKEN);
        fileEnvironment.put("FILESYS_SERVER_ID", POD_NAME);
        fileEnvironment.put("DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"));
        fileEnvironment.put("DATABASE_USER", "postgres");
        fileEnvironment.put("DATABASE_PASSWORD", "");
        fileEnvironment.put("FILESYS_BALANCER_URL", "http://127.0.0.1:" + port(balancer));
        fileEnvironment.put("FILESYS_STORAGE_ROOT", scratch.resolve("blobs").toString());
        fileEnvironment.put("FILESYS_STORAGE_TYPE", "local");
        fileService = start(Application.FILE_SERVICE, fileEnvironment);
    }

    @AfterAll
    static void stop() throws IOException {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {fileService, balancer}) {
            if (context != null) {
                context.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theBalancerBindsItsManifestAndAnswersItsProbes() {
        BalancerProperties properties = balancer.getBean(BalancerProperties.class);
        Map<String, String> manifest = Workload.of(base, Application.BALANCER).plainEnvironment();
        assertThat(properties.discovery().dnsName()).isEqualTo(manifest.get("FILESYS_BALANCER_DISCOVERY_DNS_NAME"));
        assertThat(properties.discovery().port())
                .isEqualTo(Integer.parseInt(manifest.get("FILESYS_BALANCER_DISCOVERY_PORT")));
        assertThat(properties.clusterToken()).isEqualTo(CLUSTER_TOKEN);

        for (String path : probePaths(Application.BALANCER)) {
            assertThat(get(balancer, path)).as(path).isEqualTo(200);
        }
        assertThat(properties.publicUrl()).isEqualTo(manifest.get("FILESYS_BALANCER_PUBLIC_URL"));
        assertThat(properties.trustedProxies()).isNotEmpty();
        assertManagementPortOnly(balancer);
    }

    /** Metrics and the API description answer on the management port, not on the port the edge reaches. */
    private static void assertManagementPortOnly(ConfigurableApplicationContext context) {
        int management = context.getEnvironment().getProperty("local.management.port", Integer.class, -1);
        assertThat(management).as("a management port of its own").isPositive().isNotEqualTo(port(context));
        for (String path : List.of("/actuator/prometheus", "/v3/api-docs", "/swagger-ui.html")) {
            assertThat(get(context, path)).as(path + " on the service's port").isEqualTo(404);
        }
        for (String path : List.of("/actuator/prometheus", "/actuator/openapi")) {
            assertThat(get(management, path))
                    .as(path + " on the management port")
                    .isEqualTo(200);
        }
    }

    @Test
    void theFileServiceBindsItsManifestAnswersItsProbesAndLeavesReadinessWhenItDrains() {
        FileServiceProperties properties = fileService.getBean(FileServiceProperties.class);
        assertThat(properties.server().id()).isEqualTo(POD_NAME);
        assertThat(properties.server().publicUrlIfSet())
                .as("the ConfigMap's one public URL, with this pod's name filled in")
                .endsWith("/s/" + POD_NAME)
                .startsWith("https://");
        assertThat(properties.trustedProxies()).isNotEmpty();
        assertManagementPortOnly(fileService);
        assertThat(properties.balancer().register()).isFalse();
        assertThat(properties.balancer().clusterToken()).isEqualTo(CLUSTER_TOKEN);

        for (String path : probePaths(Application.FILE_SERVICE)) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(get(fileService, path)).as(path).isEqualTo(200));
        }

        fileService.getBean(InstanceAvailability.class).drain();

        Workload workload = Workload.of(base, Application.FILE_SERVICE);
        String readiness = workload.container().getReadinessProbe().getHttpGet().getPath();
        String liveness = workload.container().getLivenessProbe().getHttpGet().getPath();
        assertThat(get(fileService, readiness))
                .as("a draining file-service leaves the endpoints (and the balancers' DNS answer)")
                .isEqualTo(503);
        assertThat(get(fileService, liveness)).as("but is not restarted").isEqualTo(200);
    }

    /** The environment the base gives the service's container, as far as it is written in the manifests. */
    private static Map<String, String> environment(Application service) {
        Map<String, String> environment = new HashMap<>(Dockerfile.read().environment());
        environment.putAll(Workload.of(base, service).plainEnvironment());
        environment.put("PORT", "0");
        // a port of its own for the management endpoints, as in the manifests, but a free one
        environment.computeIfPresent("MANAGEMENT_SERVER_PORT", (name, port) -> "0");
        return environment;
    }

    private static ConfigurableApplicationContext start(Application service, Map<String, String> environment) {
        StandardServletEnvironment spring = new StandardServletEnvironment();
        spring.getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(environment)));
        return new SpringApplicationBuilder(service.application())
                .environment(spring)
                .run();
    }

    private static List<String> probePaths(Application service) {
        var container = Workload.of(base, service).container();
        return Stream.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())
                .map(Probe::getHttpGet)
                .map(get -> get.getPath())
                .distinct()
                .toList();
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static int get(ConfigurableApplicationContext context, String path) {
        return get(port(context), path);
    }

    private static int get(int port, String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
