package dev.filesys.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The system under test: an embedded PostgreSQL in this JVM, and the balancer and file-services as separate JVMs
 * started from their packaged jars, each logging to a file in the scratch directory.
 */
final class Cluster implements AutoCloseable {

    /** A service JVM. */
    record Service(String name, String url, int port, Process process, Path log) {

        long pid() {
            return process.pid();
        }
    }

    /** The name of the JFR recording of each file-service started with {@code --jfr}. */
    static final String RECORDING = "bench";

    private final Options options;
    private final Path java;
    private final String clusterToken = randomToken();
    private final List<Service> services = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private String jdbcUrl;

    Cluster(Options options) {
        this.options = options;
        this.java = Path.of(ProcessHandle.current().info().command().orElse("java"));
    }

    String clusterToken() {
        return clusterToken;
    }

    void startDatabase() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(options.work().resolve("postgres"))
                .setCleanDataDirectory(true)
                .setPort(freePort())
                .setRegisterShutdownHook(true)
                // zonky turns synchronous_commit off by default; a durable upload needs its commit flushed
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "300")
                .start();
        String server = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/";
        try (Connection connection = DriverManager.getConnection(server + "postgres", "postgres", "");
                var create = connection.createStatement()) {
            create.execute("CREATE DATABASE filesys");
        }
        jdbcUrl = server + "filesys";
    }

    /** A balancer with the given extra settings ({@code --name=value}). */
    Service startBalancer(String name, List<String> settings) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-Xmx512m",
                "-jar",
                jar("balancer-service").toString(),
                "--server.port=" + port,
                "--filesys.balancer.cluster-token=" + clusterToken,
                // one client on one address asks for thousands of assignments: the per-address limits are not measured
                "--filesys.balancer.limits.assignments-burst=100000000",
                "--filesys.balancer.limits.max-connections-per-address=1000000"));
        command.addAll(settings);
        return start(name, port, command);
    }

    /** A file-service registering with the balancer, with the given JVM options and extra settings. */
    Service startFileService(String id, Service balancer, List<String> jvmOptions, List<String> settings)
            throws IOException {
        return launchFileService(id, jar("file-service"), balancer, jvmOptions, settings);
    }

    /** As above, from another file-service jar (copied into the scratch directory first, as {@code <id>.jar}). */
    Service startFileServiceFrom(String id, Path jar, Service balancer, List<String> jvmOptions, List<String> settings)
            throws IOException {
        Path copy = options.work().resolve("jars").resolve(id + ".jar");
        if (!Files.exists(copy)) {
            Files.createDirectories(copy.getParent());
            Files.copy(jar, copy);
        }
        return launchFileService(id, copy, balancer, jvmOptions, settings);
    }

    private Service launchFileService(
            String id, Path jar, Service balancer, List<String> jvmOptions, List<String> settings) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(jvmOptions);
        if (options.jfr()) {
            // the profile settings, but waits (monitor, park) recorded from 1 ms instead of 10 ms: the small-file
            // requests take a few milliseconds, so a 10 ms threshold would hide every wait that matters to them
            command.add("-XX:StartFlightRecording=name=" + RECORDING + ",filename="
                    + options.work().resolve(id + ".jfr") + ",settings=profile,locking-threshold=1ms,dumponexit=true");
        }
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--filesys.server.id=" + id,
                "--filesys.server.public-url=http://127.0.0.1:" + port,
                "--filesys.balancer.url=" + balancer.url(),
                "--filesys.balancer.cluster-token=" + clusterToken,
                "--filesys.storage.root=" + options.work().resolve("blobs"),
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                // the benchmarks open far more sessions than the default capacity of 10,000
                "--filesys.sessions.capacity=10000000",
                // and from one address, with thousands of event streams for one user, sessions held open for the whole
                // run: the limits against strangers (docs/security.md) are not what the benchmarks measure
                "--filesys.sessions.anonymous-timeout=12h",
                "--filesys.limits.handshakes=100000000/1ms",
                "--filesys.limits.registrations=100000000/1ms",
                "--filesys.limits.registrations-overall=100000000/1ms",
                "--filesys.limits.unknown-names=100000000/1ms",
                "--filesys.limits.max-connections-per-address=1000000",
                "--filesys.limits.event-streams-per-session=1000000",
                "--filesys.limits.event-streams-per-user=1000000",
                "--filesys.accounts.password.hashing-threads=64"));
        command.addAll(settings);
        return start(id, port, command);
    }

    private Service start(String name, int port, List<String> command) throws IOException {
        Path log = options.work().resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Service service = new Service(name, "http://127.0.0.1:" + port, port, process, log);
        services.add(service);
        awaitLive(service);
        return service;
    }

    private static void awaitLive(Service service) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.process().isAlive()) {
                throw new IllegalStateException(service.name() + " exited at start-up; see " + service.log());
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create(service.url() + "/livez"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            pause(Duration.ofMillis(200));
        }
        throw new IllegalStateException(service.name() + " did not start within 180 s; see " + service.log());
    }

    /**
     * Writes what the service's JFR recording ({@code --jfr}) holds so far into {@code file}, while it keeps running.
     */
    Path dumpRecording(Service service, Path file) {
        Path jcmd = java.resolveSibling("jcmd");
        Proc.run(
                        Duration.ofMinutes(2),
                        jcmd.toString(),
                        String.valueOf(service.pid()),
                        "JFR.dump",
                        "name=" + RECORDING,
                        "filename=" + file)
                .orThrow("jcmd JFR.dump");
        return file;
    }

    void stop(Service service) {
        Proc.stop(service.process(), Duration.ofSeconds(40));
        services.remove(service);
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            Proc.stop(services.get(i).process(), Duration.ofSeconds(40));
        }
        services.clear();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("bench: stopping PostgreSQL failed: " + e.getMessage());
            }
            postgres = null;
        }
    }

    /**
     * The module's packaged jar, copied into the scratch directory on first use, so that a build during a long run
     * cannot change what the run measures.
     */
    private Path jar(String module) throws IOException {
        Path copy = options.work().resolve("jars").resolve(module + ".jar");
        if (Files.exists(copy)) {
            return copy;
        }
        if (module.equals("file-service") && options.fileServiceJar() != null) {
            Files.createDirectories(copy.getParent());
            return Files.copy(options.fileServiceJar(), copy);
        }
        Path target = options.repo().resolve(module).resolve("target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
            for (Path jar : jars) {
                Files.createDirectories(copy.getParent());
                return Files.copy(jar, copy);
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IOException("no " + module + " jar under " + target + ": build it first (bench/run.sh does)");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
