package dev.filesys.fault;

import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of real processes on loopback: an embedded PostgreSQL in this JVM, the balancer and file-services as
 * separate JVMs started from their exec jars. Processes are stopped by their handles only.
 */
final class FaultCluster implements AutoCloseable {

    private final Path dir;
    private final String clusterToken = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private final List<Process> processes = new ArrayList<>();
    private final List<Service> fileServices = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private EmbeddedPostgres postgres;
    private Service balancer;
    private boolean restartableDatabase;
    private String jdbcUrl;
    /** A PostgreSQL server to create the cluster's database on instead of the embedded one, or null. */
    private String externalServer;

    private String externalDatabase;
    private final java.util.Map<String, List<String>> launchSettings = new java.util.HashMap<>();

    /** One process of the cluster: its id, base URL, log file and handle. */
    record Service(String id, String url, Path log, Process process) {
        long pid() {
            return process.pid();
        }
    }

    private final Path blobRoot;
    private final List<String> fileServiceSettings;
    private List<String> balancerSettings = List.of();
    private String balancerHeap = "-Xmx256m";
    private String fileServiceHeap = "-Xmx256m";
    private boolean deployedJvm;

    /**
     * The heaps the Dockerfile (MaxRAMPercentage=60) gives each service under the k8s/ memory limits; its other JVM
     * options come from the Dockerfile itself ({@link #deployedJvmOptions()}).
     */
    static final String DEPLOYED_BALANCER_HEAP = "-Xmx307m"; // 60 % of 512 MiB

    static final String DEPLOYED_FILE_SERVICE_HEAP = "-Xmx921m"; // 60 % of 1536 MiB

    /**
     * Limits a person never reaches but these tests would (they open sessions, register and share from one address
     * far faster than anyone), unless a test sets them itself: the limits have tests of their own.
     */
    private static final Map<String, String> GENEROUS_FILE_SERVICE_LIMITS = Map.of(
            "filesys.limits.handshakes", "100000/1ms",
            "filesys.limits.registrations", "100000/1ms",
            "filesys.limits.registrations-overall", "100000/1ms",
            "filesys.limits.unknown-names", "100000/1ms");

    private static final Map<String, String> GENEROUS_BALANCER_LIMITS =
            Map.of("filesys.balancer.limits.assignments-burst", "100000");

    private FaultCluster(Path dir, Path blobRoot, List<String> fileServiceSettings) {
        this.dir = dir;
        this.blobRoot = blobRoot;
        this.fileServiceSettings = withDefaults(fileServiceSettings, GENEROUS_FILE_SERVICE_LIMITS);
    }

    /**
     * Starts the cluster as deployed: each JVM with the heap the Dockerfile and k8s/ give it and
     * {@code -XX:+ExitOnOutOfMemoryError}, and the services' own limits unless the settings name them.
     */
    static FaultCluster startDeployed(
            Path dir, int fileServiceCount, List<String> balancerSettings, List<String> fileServiceSettings)
            throws Exception {
        FaultCluster cluster = new FaultCluster(dir, dir.resolve("blobs"), fileServiceSettings);
        cluster.balancerSettings = List.copyOf(balancerSettings);
        cluster.balancerHeap = DEPLOYED_BALANCER_HEAP;
        cluster.fileServiceHeap = DEPLOYED_FILE_SERVICE_HEAP;
        cluster.deployedJvm = true;
        // as deployed: the test's own settings only, no generous limits
        cluster.fileServiceSettingsOverride = List.copyOf(fileServiceSettings);
        return started(cluster, fileServiceCount);
    }

    private List<String> fileServiceSettingsOverride;

    /** {@code settings} plus {@code --name=value} for each default whose name they do not set. */
    private static List<String> withDefaults(List<String> settings, Map<String, String> defaults) {
        List<String> all = new ArrayList<>(settings);
        defaults.forEach((name, value) -> {
            if (settings.stream().noneMatch(s -> s.startsWith("--" + name + "="))) {
                all.add("--" + name + "=" + value);
            }
        });
        return all;
    }

    /** What a run of a service jar ended with: its exit code and its output. */
    record Run(int exitCode, String output) {}

    /**
     * Runs a service jar once with {@code settings} as deployed ({@code heap} and the Dockerfile's JVM options), without
     * a cluster token in its environment, until it exits (at most {@code limit}).
     */
    static Run runOnce(String jar, String heap, Path log, Duration limit, List<String> settings) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap));
        command.addAll(deployedJvmOptions());
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar));
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(log.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("FILESYS_CLUSTER_TOKEN");
        Process process = builder.start();
        try {
            if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + limit + ": see " + log);
            }
            return new Run(process.exitValue(), Files.readString(log));
        } finally {
            process.destroyForcibly();
        }
    }

    /** Starts PostgreSQL, the balancer and {@code fileServiceCount} file-services; returns once all are ready. */
    static FaultCluster start(Path dir, int fileServiceCount) throws Exception {
        return start(dir, fileServiceCount, dir.resolve("blobs"), List.of());
    }

    /** As {@link #start(Path, int)}, with the blob root elsewhere and more settings for every file-service. */
    static FaultCluster start(Path dir, int fileServiceCount, Path blobRoot, List<String> fileServiceSettings)
            throws Exception {
        FaultCluster cluster = new FaultCluster(dir, blobRoot, fileServiceSettings);
        return started(cluster, fileServiceCount);
    }

    /** As {@link #start(Path, int)}, with more settings for the balancer and for every file-service. */
    static FaultCluster start(
            Path dir, int fileServiceCount, List<String> balancerSettings, List<String> fileServiceSettings)
            throws Exception {
        FaultCluster cluster = new FaultCluster(dir, dir.resolve("blobs"), fileServiceSettings);
        cluster.balancerSettings = List.copyOf(balancerSettings);
        return started(cluster, fileServiceCount);
    }

    /**
     * As {@link #start(Path, int, Path, List)}, with a database that {@link #stopDatabase()} and {@link #startDatabase()}
     * can stop and start again on its data directory (which therefore stays in {@code dir} afterwards).
     */
    static FaultCluster startWithRestartableDatabase(
            Path dir, int fileServiceCount, Path blobRoot, List<String> fileServiceSettings) throws Exception {
        FaultCluster cluster = new FaultCluster(dir, blobRoot, fileServiceSettings);
        cluster.restartableDatabase = true;
        return started(cluster, fileServiceCount);
    }

    /**
     * As {@link #start(Path, int, Path, List)}, with the database {@code filesys_fault_<random>} created on an existing
     * server ({@code jdbc:postgresql://host:port/<any database>?user=…}, e.g. {@code FILESYS_TEST_DATABASE_URL}) and
     * dropped at the end: for tests whose tools (pg_dump) must match the server's version.
     */
    static FaultCluster startOnServer(
            Path dir, int fileServiceCount, String serverJdbcUrl, List<String> fileServiceSettings) throws Exception {
        FaultCluster cluster = new FaultCluster(dir, dir.resolve("blobs"), fileServiceSettings);
        cluster.externalServer = serverJdbcUrl;
        cluster.externalDatabase = "filesys_fault_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        return started(cluster, fileServiceCount);
    }

    /** Starts {@code cluster}, or stops whatever of it did start and fails. */
    private static FaultCluster started(FaultCluster cluster, int fileServiceCount) throws Exception {
        try {
            cluster.startAll(fileServiceCount);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll(int fileServiceCount) throws Exception {
        Files.createDirectories(dir);
        if (externalServer != null) {
            try (Connection connection = DriverManager.getConnection(externalServer);
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + externalDatabase);
            }
            jdbcUrl =
                    externalServer.replaceFirst("^(jdbc:postgresql://[^/?]+/)[^?]*(\\?.*)?$", "$1" + externalDatabase);
            startServices(fileServiceCount);
            return;
        }
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("postgres"))
                // closing an instance that cleans its data directory deletes it: a restartable one must not
                .setCleanDataDirectory(!restartableDatabase)
                .start();
        String server = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/";
        try (Connection connection = DriverManager.getConnection(server + "postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE filesys");
        }
        jdbcUrl = server + "filesys";
        startServices(fileServiceCount);
    }

    private void startServices(int fileServiceCount) throws Exception {
        int balancerPort = freePort();
        balancer = launch(
                "balancer",
                System.getProperty("filesys.balancer.jar"),
                balancerPort,
                withDefaults(
                        withDefaults(balancerSettings, deployedJvm ? Map.of() : GENEROUS_BALANCER_LIMITS),
                        Map.of(
                                "filesys.balancer.cluster-token", clusterToken,
                                "filesys.balancer.polling.interval", "500ms",
                                "filesys.balancer.polling.connect-timeout", "200ms",
                                "filesys.balancer.polling.read-timeout", "500ms",
                                "filesys.balancer.polling.fall", "3",
                                "filesys.balancer.polling.rise", "2")),
                balancerHeap);
        for (int i = 1; i <= fileServiceCount; i++) {
            int port = freePort();
            List<String> settings = new ArrayList<>(
                    fileServiceSettingsOverride != null ? fileServiceSettingsOverride : fileServiceSettings);
            settings.addAll(List.of(
                    "--filesys.server.id=file-" + i,
                    "--filesys.balancer.url=" + balancer.url(),
                    "--filesys.balancer.cluster-token=" + clusterToken,
                    "--filesys.storage.root=" + blobRoot(),
                    "--spring.datasource.url=" + jdbcUrl,
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.password="));
            launchSettings.put("file-" + i, settings);
            fileServices.add(launch(
                    "file-" + i, System.getProperty("filesys.file-service.jar"), port, settings, fileServiceHeap));
        }
        List<Service> all = new ArrayList<>(fileServices);
        all.add(balancer);
        for (Service service : all) {
            awaitReady(service);
        }
        // the balancer knows a file-service once it has registered; wait until every one is offered
        await("all file-services registered")
                .atMost(Duration.ofMinutes(1))
                .until(() ->
                        fileServices.stream().allMatch(s -> serverState(s.id()).equals("UP")));
    }

    private void awaitReady(Service service) {
        await("readiness of " + service.id() + " (log: " + service.log() + ")")
                // a file-service took 74 s to start (Flyway on a new database) at a load average of 17 from other
                // builds
                .atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!service.process().isAlive()) {
                        throw new IllegalStateException(service.id() + " exited; see " + service.log());
                    }
                    return status(service.url() + "/readyz") == 200;
                });
    }

    /** Kills a process with SIGKILL ({@code destroyForcibly} on Linux) and waits until it is gone. */
    static void kill(Service service) throws InterruptedException {
        service.process().destroyForcibly();
        service.process().waitFor();
    }

    /**
     * Starts a file-service again, after {@link #kill}: same id, port, blob root and database, with its settings plus
     * {@code extraSettings}, logging to {@code <id>-<n>.log}. Returns once it is ready and the balancer offers it.
     */
    Service restartFileService(Service old, List<String> extraSettings) throws Exception {
        if (old.process().isAlive()) {
            throw new IllegalStateException(old.id() + " is still running");
        }
        List<String> settings = new ArrayList<>(launchSettings.get(old.id()));
        settings.addAll(extraSettings);
        int port = URI.create(old.url()).getPort();
        int index = fileServices.indexOf(old);
        String logName = old.id() + "-" + System.nanoTime();
        Service started =
                launch(logName, System.getProperty("filesys.file-service.jar"), port, settings, fileServiceHeap);
        Service renamed = new Service(old.id(), started.url(), started.log(), started.process());
        fileServices.set(index, renamed);
        awaitReady(renamed);
        await(old.id() + " offered again")
                .atMost(Duration.ofMinutes(1))
                .until(() -> serverState(old.id()).equals("UP"));
        return renamed;
    }

    /** The JDBC URL of the services' database (user {@code postgres}, no password). */
    String jdbcUrl() {
        return jdbcUrl;
    }

    /** Stops PostgreSQL (a fast shutdown: open connections are terminated); only with a restartable database. */
    void stopDatabase() {
        if (!restartableDatabase) {
            throw new IllegalStateException("this cluster's database deletes its files when stopped");
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts PostgreSQL again on the same data directory and port, after {@link #stopDatabase()}. */
    void startDatabase() throws IOException {
        int port = postgres.getPort();
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    /**
     * The options of the Dockerfile's {@code JAVA_TOOL_OPTIONS} but the heap's share of the container memory, for which
     * the deployed heaps stand.
     */
    static List<String> deployedJvmOptions() {
        Path dockerfile = Path.of(System.getProperty("filesys.dockerfile", "../Dockerfile"));
        try {
            String line = Files.readAllLines(dockerfile).stream()
                    .filter(l -> l.contains("JAVA_TOOL_OPTIONS=\""))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no JAVA_TOOL_OPTIONS in " + dockerfile));
            int start = line.indexOf('"') + 1;
            return Arrays.stream(line.substring(start, line.indexOf('"', start)).split("\\s+"))
                    .filter(option -> !option.startsWith("-XX:MaxRAMPercentage="))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Service launch(String id, String jar, int port, List<String> settings, String heap) throws IOException {
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("exec jar of " + id + " not found: " + jar + " (run the package phase)");
        }
        Path log = dir.resolve(id + ".log");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap));
        if (deployedJvm) {
            // as the Dockerfile runs them: a JVM out of memory exits rather than limps on, and so on
            command.addAll(deployedJvmOptions());
            // C1 only, for quick starts, but with the code cache of the deployed (tiered) JVM: C1 alone gets 48 MiB,
            // and the GC then unloads code in full collections every few MiB compiled, which deployed JVMs never do
            command.add("-XX:ReservedCodeCacheSize=240m");
        } else {
            command.add("-XX:-ExitOnOutOfMemoryError");
        }
        command.addAll(List.of(
                // the collector the JVM picks in a container of less than 1792 MiB (the k8s/ limits are 512 and 1536)
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        // diagnostics for a run (a flight recording, GC logs): -Dfilesys.fault.jvm-options="-Xlog:gc:file=…"
        String extra = System.getProperty("filesys.fault.jvm-options", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(Arrays.asList(extra.replace("{id}", id).split("\\s+")));
        }
        command.addAll(List.of("-jar", jar, "--server.port=" + port, "--server.address=127.0.0.1"));
        command.addAll(settings);
        // the cluster directory is the working directory too, so a relative write anywhere would show up there
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        processes.add(process);
        return new Service(id, "http://127.0.0.1:" + port, log, process);
    }

    Path blobRoot() {
        return blobRoot;
    }

    Path dataDir() {
        return dir;
    }

    Service balancer() {
        return balancer;
    }

    List<Service> fileServices() {
        return fileServices;
    }

    String clusterToken() {
        return clusterToken;
    }

    /** The state the balancer shows for a server ({@code UP}, {@code SUSPECT}, {@code DOWN}), or {@code ABSENT}. */
    String serverState(String serverId) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(balancer.url() + "/api/v1/servers"))
                            .header("Authorization", "Bearer " + clusterToken)
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            for (var node : ProtocolClient.JSON.readTree(response.body())) {
                if (serverId.equals(node.path("serverId").asString())) {
                    return node.path("state").asString();
                }
            }
            return "ABSENT";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String logOf(Service service) throws IOException {
        return Files.readString(service.log());
    }

    /** Sends a signal to one process by its pid (never by name: other processes here run the same jars). */
    static void signal(Service service, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(service.pid()))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + service.pid() + " failed");
        }
    }

    private int status(String url) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        if (!System.getProperty("filesys.fault.jvm-options", "").isBlank()) {
            // with diagnostics: SIGTERM first, so that the JVMs write their recordings as they exit
            for (Process process : processes) {
                process.destroy();
            }
            for (Process process : processes) {
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        for (Process process : processes) {
            // a stopped process would not act on SIGTERM; SIGKILL ends it either way
            process.destroyForcibly();
        }
        for (Process process : processes) {
            process.waitFor();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (externalServer != null) {
            try (Connection connection = DriverManager.getConnection(externalServer);
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + externalDatabase + " WITH (FORCE)");
            }
        }
    }

    /**
     * Drops the cluster's database on its external server and creates it again, empty (the file-services must be
     * stopped).
     */
    void recreateExternalDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection(externalServer);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE " + externalDatabase + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + externalDatabase);
        }
    }

    /** The cluster's database as a libpq URL (for psql, pg_dump), on an external server only. */
    String libpqUrl() {
        java.net.URI uri = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        String query = externalServer.contains("?") ? externalServer.substring(externalServer.indexOf('?')) : "";
        return "postgresql://" + uri.getAuthority() + "/" + externalDatabase + query;
    }
}
