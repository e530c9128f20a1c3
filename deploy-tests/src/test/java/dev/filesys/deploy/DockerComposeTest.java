package dev.filesys.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code docker-compose.yml} and the {@code Dockerfile} against the applications: images are built from existing
 * modules, ports are the ones the services listen on, every environment variable sets a real setting, the blob
 * directory is on the shared volume, and the s3 profile wires MinIO to the file-services. Interpolated with the
 * variables of {@code .env.example}, as a user who copied it would run it.
 */
class DockerComposeTest {

    private static final List<String> FILE_SERVICES = List.of("file-1", "file-2");

    private final Map<String, String> dotEnv = Compose.dotEnv(Repository.read(".env.example"));
    private final Compose compose = Compose.read(dotEnv);
    private final Dockerfile dockerfile = Dockerfile.read();

    @Test
    void theServicesAreThere() {
        assertThat(compose.services())
                .containsOnlyKeys("postgres", "balancer", "file-1", "file-2", "edge", "minio", "minio-init");
    }

    @Test
    void theApplicationImagesAreBuiltFromExistingModulesWithTheDockerfile() {
        for (String name : List.of("balancer", "file-1", "file-2")) {
            Application service = serviceOf(name);
            @SuppressWarnings("unchecked")
            Map<String, Object> build =
                    (Map<String, Object>) compose.service(name).get("build");
            assertThat(build.get("context")).as(name).isEqualTo(".");
            assertThat(Files.isRegularFile(Repository.path((String) build.get("dockerfile"))))
                    .as(name + ": the Dockerfile exists")
                    .isTrue();
            assertThat(Repository.modules())
                    .as(name + ": SERVICE names a module")
                    .contains(service.module());
            assertThat(Repository.read(service.module() + "/pom.xml"))
                    .as(name + ": the module packages a runnable jar")
                    .contains("spring-boot-maven-plugin");
            assertThat((String) compose.service(name).get("image"))
                    .as(name + ": the image is named after the module")
                    .contains("/" + service.module() + ":");
        }
        assertThat(Repository.modules()).contains(dockerfile.defaultService());
        assertThat(dockerfile.all("ARG")).contains("SERVICE");
    }

    @Test
    void theDockerfileCopiesTheWholeReactorAndKeepsSecretsOutOfTheContext() {
        assertThat(dockerfile.all("COPY"))
                .as("the build copies the repository (every module's POM is needed by the reactor)")
                .contains(". .");
        List<String> ignored =
                Repository.read(".dockerignore").lines().map(String::strip).toList();
        assertThat(ignored).contains("**/target/", ".git/", ".env", "k8s/overlays/*/secrets/");
        assertThat(dockerfile.exposedPorts())
                .as("EXPOSE lists both services' ports")
                .contains(Application.BALANCER.port(Map.of()), Application.FILE_SERVICE.port(Map.of()));
        assertThat(dockerfile.userId()).as("not root").isPositive();
    }

    @Test
    void onlyTheEdgeIsPublishedAndItServesTheConfigurationKubernetesShips() {
        for (String name : List.of("balancer", "file-1", "file-2", "postgres")) {
            assertThat(compose.service(name))
                    .as(name + " is reached through the edge only")
                    .doesNotContainKey("ports");
        }
        Map<String, String> edge = compose.environment("edge");
        Map<Integer, Integer> ports = compose.ports("edge");
        assertThat(ports)
                .as("https and the plain listener, on the ports the template is rendered with")
                .containsEntry(443, Integer.parseInt(edge.get("FILESYS_EDGE_HTTPS_LISTEN")))
                .containsEntry(80, Integer.parseInt(edge.get("FILESYS_EDGE_HTTP_LISTEN")));
        String template = Repository.read("k8s/base/edge/filesys-edge.conf.template");
        assertThat(compose.volumes("edge"))
                .as("the one template file, where the nginx image renders templates from")
                .containsEntry(
                        "./k8s/base/edge/filesys-edge.conf.template", "/etc/nginx/templates/filesys-edge.conf.template")
                .containsValue("/etc/nginx/tls");
        Pattern.compile("\\$\\{(FILESYS_EDGE_[A-Z_]+)}")
                .matcher(template)
                .results()
                .forEach(variable -> assertThat(edge).containsKey(variable.group(1)));
        assertThat(edge.get("NGINX_ENVSUBST_FILTER")).isEqualTo("^FILESYS_EDGE_");
        assertThat(edge.get("FILESYS_EDGE_BALANCER"))
                .isEqualTo("balancer:" + serviceOf("balancer").port(environmentWithImageDefaults("balancer")));
    }

    @Test
    void clientsGetTheEdgesUrlsAndTheBalancerProbesTheContainers() {
        Map<String, String> edge = compose.environment("edge");
        String host = edge.get("FILESYS_EDGE_HOST");
        for (String name : FILE_SERVICES) {
            Map<String, String> environment = compose.environment(name);
            String id = environment.get("FILESYS_SERVER_ID");
            assertThat(environment.get("FILESYS_SERVER_PUBLIC_URL")).isEqualTo("https://" + host + "/s/" + id);
            URI internal = URI.create(environment.get("FILESYS_SERVER_INTERNAL_URL"));
            assertThat(internal.getHost())
                    .as(name + ": probed by its service name")
                    .isEqualTo(name);
            assertThat(internal.getPort()).isEqualTo(serviceOf(name).port(environmentWithImageDefaults(name)));
            assertThat(aliases(name))
                    .as(name + ": the edge finds /s/" + id + " by this alias")
                    .contains(id + "." + edge.get("FILESYS_EDGE_FILE_SERVICE_DOMAIN"));
            assertThat(environment.get("FILESYS_TRUSTED_PROXIES"))
                    .as(name + ": forwarded headers from the compose network only")
                    .isEqualTo(network());
        }
        assertThat(compose.environment("balancer").get("FILESYS_BALANCER_PUBLIC_URL"))
                .isEqualTo("https://" + host);
        assertThat(compose.environment("balancer").get("FILESYS_TRUSTED_PROXIES"))
                .isEqualTo(network());
        assertThat(FILE_SERVICES.stream()
                        .map(name -> compose.environment(name).get("FILESYS_SERVER_ID"))
                        .distinct())
                .hasSize(FILE_SERVICES.size());
    }

    @Test
    void everyLongRunningServiceHasAHealthCheck() {
        for (String name : List.of("postgres", "balancer", "file-1", "file-2", "edge", "minio")) {
            assertThat(compose.service(name)).as(name).containsKey("healthcheck");
        }
        assertThat(dockerfile.all("HEALTHCHECK"))
                .as("the image checks /readyz itself")
                .singleElement()
                .asString()
                .contains("/usr/local/bin/filesys-healthcheck");
        assertThat(Repository.read("Dockerfile")).contains("GET /readyz");
        assertThat(String.valueOf(compose.service("file-1").get("healthcheck")))
                .contains("/usr/local/bin/filesys-healthcheck");
    }

    @SuppressWarnings("unchecked")
    private List<String> aliases(String service) {
        Map<String, Object> networks =
                (Map<String, Object>) compose.service(service).get("networks");
        return (List<String>) ((Map<String, Object>) networks.get("default")).get("aliases");
    }

    /** The compose network's subnet. */
    @SuppressWarnings("unchecked")
    private String network() {
        Map<String, Object> networks = (Map<String, Object>) compose.raw().get("networks");
        Map<String, Object> ipam = (Map<String, Object>) ((Map<String, Object>) networks.get("default")).get("ipam");
        return compose.interpolate(String.valueOf(
                ((List<Map<String, Object>>) ipam.get("config")).getFirst().get("subnet")));
    }

    @Test
    void everyEnvironmentVariableSetsARealSetting() {
        for (String name : List.of("balancer", "file-1", "file-2")) {
            Application service = serviceOf(name);
            EnvironmentNames names = EnvironmentNames.of(service);
            assertThat(names.unbound(compose.environment(name).keySet()))
                    .as(name + ": variables that set nothing")
                    .isEmpty();
        }
        assertThat(EnvironmentNames.of(Application.FILE_SERVICE)
                        .unbound(dockerfile.environment().keySet()))
                .as("the Dockerfile's ENV, for the file-service")
                .isEmpty();
    }

    @Test
    void theFileServicesShareTheDatabaseTheClusterTokenAndTheBalancer() {
        Map<String, String> postgres = compose.environment("postgres");
        Map<String, String> balancer = compose.environment("balancer");
        int balancerPort = serviceOf("balancer").port(environmentWithImageDefaults("balancer"));
        for (String name : FILE_SERVICES) {
            Map<String, String> environment = compose.environment(name);
            assertThat(environment.get("DATABASE_URL"))
                    .isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"));
            assertThat(environment.get("DATABASE_USER")).isEqualTo(postgres.get("POSTGRES_USER"));
            assertThat(compose.rawEnvironment(name, "DATABASE_PASSWORD"))
                    .isEqualTo(compose.rawEnvironment("postgres", "POSTGRES_PASSWORD"));
            assertThat(compose.rawEnvironment(name, "FILESYS_CLUSTER_TOKEN"))
                    .isEqualTo(compose.rawEnvironment("balancer", "FILESYS_CLUSTER_TOKEN"));
            assertThat(environment.get("FILESYS_CLUSTER_TOKEN")).isEqualTo(balancer.get("FILESYS_CLUSTER_TOKEN"));
            assertThat(environment.get("FILESYS_BALANCER_URL"))
                    .as("registered with the balancer by its service name")
                    .isEqualTo("http://balancer:" + balancerPort);
            assertThat(dependsOn(name, "postgres")).containsEntry("condition", "service_healthy");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> healthcheck =
                (Map<String, Object>) compose.service("postgres").get("healthcheck");
        assertThat(String.valueOf(healthcheck.get("test"))).contains("pg_isready");
        assertThat((String) compose.service("postgres").get("image")).matches("postgres:1[78](\\..*)?");
    }

    @Test
    void blobsAreOnOneVolumeSharedByTheFileServices() {
        @SuppressWarnings("unchecked")
        Map<String, Object> declared = (Map<String, Object>) compose.raw().get("volumes");
        String volume = null;
        for (String name : FILE_SERVICES) {
            Map<String, String> volumes = compose.volumes(name);
            assertThat(volumes).as(name).hasSize(1);
            Map.Entry<String, String> mount = volumes.entrySet().iterator().next();
            assertThat(declared).as(name + ": a named volume").containsKey(mount.getKey());
            volume = volume == null ? mount.getKey() : volume;
            assertThat(mount.getKey())
                    .as("the same volume for every file-service")
                    .isEqualTo(volume);
            String root = environmentWithImageDefaults(name).get("FILESYS_STORAGE_ROOT");
            assertThat(Path.of(root).startsWith(mount.getValue()))
                    .as(name + ": the storage root " + root + " is on the volume")
                    .isTrue();
        }
        assertThat(Repository.read("Dockerfile"))
                .as("the image creates the storage root for its non-root user")
                .contains("mkdir -p /app " + dockerfile.environment().get("FILESYS_STORAGE_ROOT"))
                .contains("chown -R filesys:filesys /data");
    }

    @Test
    void shutdownOutlastsTheServicesGracefulShutdown() {
        for (String name : List.of("balancer", "file-1", "file-2")) {
            Duration grace =
                    DurationStyle.detectAndParse((String) compose.service(name).get("stop_grace_period"));
            assertThat(grace).as(name).isGreaterThan(serviceOf(name).shutdownTimeout());
        }
    }

    @Test
    void theS3ProfileRunsMinioWithABucketAndSwitchesTheFileServicesToIt() {
        assertThat(compose.strings("minio", "profiles")).containsExactly("s3");
        assertThat(compose.strings("minio-init", "profiles")).containsExactly("s3");
        assertThat(compose.service("file-1")).doesNotContainKey("profiles");
        Map<String, String> init = compose.environment("minio-init");
        for (String name : FILE_SERVICES) {
            Map<String, String> environment = compose.environment(name);
            assertThat(environment.get("FILESYS_STORAGE_TYPE"))
                    .as("local unless asked")
                    .isEqualTo("local");
            URI endpoint = URI.create(environment.get("FILESYS_STORAGE_S3_ENDPOINT"));
            assertThat(endpoint.getHost()).isEqualTo("minio");
            assertThat(endpoint.getPort()).as("MinIO's S3 port").isEqualTo(9000);
            assertThat(environment.get("FILESYS_STORAGE_S3_BUCKET"))
                    .as("the bucket the init container creates")
                    .isEqualTo(init.get("BUCKET"));
            assertThat(environment.get("FILESYS_STORAGE_S3_PATH_STYLE")).isEqualTo("true");
            assertThat(environment.get("FILESYS_STORAGE_S3_ACCESS_KEY"))
                    .isEqualTo(compose.environment("minio").get("MINIO_ROOT_USER"));
            assertThat(compose.rawEnvironment(name, "FILESYS_STORAGE_S3_SECRET_KEY"))
                    .isEqualTo(compose.rawEnvironment("minio", "MINIO_ROOT_PASSWORD"));
            assertThat(dependsOn(name, "minio-init"))
                    .containsEntry("condition", "service_completed_successfully")
                    .containsEntry("required", false);
        }
        assertThat(String.join(" ", compose.strings("minio-init", "command")))
                .contains("mc mb --ignore-existing")
                .contains("$BUCKET");

        Map<String, String> s3 = new HashMap<>(dotEnv);
        s3.put("FILESYS_STORAGE_TYPE", "s3");
        assertThat(Compose.read(s3).environment("file-1").get("FILESYS_STORAGE_TYPE"))
                .isEqualTo("s3");
    }

    @Test
    void theExampleEnvFileSetsEveryRequiredVariableAndTheyAreRequired() {
        assertThat(Compose.requiredVariables()).contains("FILESYS_CLUSTER_TOKEN", "POSTGRES_PASSWORD");
        assertThat(dotEnv).containsKeys(Compose.requiredVariables().toArray(String[]::new));
        Map<String, String> without = new HashMap<>(dotEnv);
        without.remove("FILESYS_CLUSTER_TOKEN");
        assertThatThrownBy(() -> Compose.read(without).environment("balancer"))
                .hasMessageContaining("FILESYS_CLUSTER_TOKEN");
    }

    /** The service's environment with what the image sets (the Dockerfile's ENV) underneath. */
    private Map<String, String> environmentWithImageDefaults(String name) {
        Map<String, String> environment = new HashMap<>(dockerfile.environment());
        environment.putAll(compose.environment(name));
        return environment;
    }

    private Application serviceOf(String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> build = (Map<String, Object>) compose.service(name).get("build");
        @SuppressWarnings("unchecked")
        Map<String, Object> args = (Map<String, Object>) build.get("args");
        return Application.ofModule(String.valueOf(args.get("SERVICE")));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> dependsOn(String service, String dependency) {
        Map<String, Object> dependsOn =
                (Map<String, Object>) compose.service(service).get("depends_on");
        assertThat(dependsOn).as(service + " depends_on").containsKey(dependency);
        return (Map<String, Object>) dependsOn.get(dependency);
    }
}
