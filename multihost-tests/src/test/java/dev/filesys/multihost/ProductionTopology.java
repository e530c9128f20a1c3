package dev.filesys.multihost;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * filesys as it runs in production, on separate hosts: a DNS server, PostgreSQL, an S3-compatible store, two balancer
 * replicas sharing their signing keys, three file-services (StatefulSet-style names, S3 storage, found by the balancers
 * through DNS), the edge (the nginx configuration from {@code k8s/base/edge}, templated for addresses only), an
 * operator's host that reaches everything, and a client host whose routes reach the edge and nothing else. Every
 * process listens on its host's own address.
 */
final class ProductionTopology implements AutoCloseable {

    static final String DOMAIN = "filesys.svc.cluster.local";
    static final String HEADLESS = "file-service-headless." + DOMAIN;
    static final String PUBLIC_HOST = "files.filesys.test";
    static final String PUBLIC_URL = "https://" + PUBLIC_HOST;
    static final String BUCKET = "filesys-blobs";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\$\\{(FILESYS_EDGE_[A-Z_]+)}");

    private final Path dir;
    private final Network network;
    private final String clusterToken = random(24);
    private final String s3Key = "filesys";
    private final String s3Secret = random(24);
    private final Map<String, List<String>> launches = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    private final Map<String, Process> services = new LinkedHashMap<>();
    private final Map<String, Path> logs = new LinkedHashMap<>();

    Host dns;
    Host db;
    Host s3;
    Host edge;
    Host ops;
    Host client;
    final List<Host> balancers = new ArrayList<>();
    final List<Host> fileServices = new ArrayList<>();

    private ProductionTopology(Path dir, Network network) {
        this.dir = dir;
        this.network = network;
    }

    /** Builds the hosts and starts every service on them; returns once all are ready and the edge routes to them. */
    static ProductionTopology start(Path dir) {
        String runId = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        ProductionTopology topology = new ProductionTopology(dir, new Network(runId));
        try {
            topology.build();
            return topology;
        } catch (RuntimeException | Error e) {
            topology.close();
            throw e;
        }
    }

    private void build() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        network.create();
        String nameserver = Network.SUBNET + ".2";
        dns = network.addHost("dns", 2, null, List.of(), null);
        db = network.addHost("db", 3, null, List.of(), nameserver);
        s3 = network.addHost("s3", 4, null, List.of(), nameserver);
        for (int i = 1; i <= 2; i++) {
            balancers.add(network.addHost("balancer-" + i, 10 + i, null, List.of(), nameserver));
        }
        for (int i = 0; i < 3; i++) {
            fileServices.add(network.addHost("file-service-" + i, 21 + i, null, List.of(), nameserver));
        }
        edge = network.addHost("edge", 30, null, List.of(), nameserver);
        ops = network.addHost("ops", 40, null, List.of(), nameserver);
        String edgeAddress = Network.SUBNET + ".30";
        client = network.addHost("client", 50, List.of(edgeAddress), List.of(edgeAddress + " " + PUBLIC_HOST), null);

        startDns();
        startPostgres();
        startS3();
        String keys = signingKeys();
        for (int i = 0; i < balancers.size(); i++) {
            startBalancer(i, keys);
        }
        for (int i = 0; i < fileServices.size(); i++) {
            startFileService(i);
        }
        startEdge();
        for (Host balancer : balancers) {
            awaitReady(balancer, 8080);
        }
        for (Host fileService : fileServices) {
            awaitReady(fileService, 8081);
        }
        await("every balancer sees every file-service UP")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> balancers.stream().allMatch(b -> upServers(b) == fileServices.size()));
        await("the edge answers")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> clientCurl("-o", "/dev/null", "-w", "%{http_code}", PUBLIC_URL + "/.well-known/jwks.json")
                        .out()
                        .equals("200"));
    }

    // ---- the services ---------------------------------------------------------------------------------------------

    private void startDns() {
        List<String> config = new ArrayList<>(List.of(
                "port=53",
                "listen-address=" + dns.address(),
                "bind-interfaces",
                "no-resolv",
                "no-hosts",
                "no-poll",
                "user=root",
                "log-queries",
                "log-facility=" + dir.resolve("dns-queries.log"),
                // names under these domains that have no record are NXDOMAIN, never asked elsewhere
                "local=/cluster.local/",
                "local=/filesys.test/",
                "host-record=postgres." + DOMAIN + "," + db.address(),
                "host-record=s3." + DOMAIN + "," + s3.address()));
        for (Host balancer : balancers) {
            config.add("host-record=balancer." + DOMAIN + "," + balancer.address());
        }
        for (Host fileService : fileServices) {
            config.add("host-record=" + HEADLESS + "," + fileService.address());
            config.add("host-record=" + fileService.role() + "." + HEADLESS + "," + fileService.address());
        }
        Path file = write("dnsmasq.conf", String.join("\n", config) + "\n");
        services.put(
                "dns",
                dns.start(
                        List.of("dnsmasq", "--keep-in-foreground", "--conf-file=" + file),
                        Map.of(),
                        dir.resolve("dns.log")));
        await("DNS answers")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ops.run(List.of("getent", "hosts", "postgres." + DOMAIN), Map.of(), Duration.ofSeconds(5))
                                .exit()
                        == 0);
    }

    private void startPostgres() {
        Path binaries = PostgresBinaries.unpack(dir.resolve("pg"));
        Path data = dir.resolve("db/data");
        Path socket = dir.resolve("db/socket");
        try {
            Files.createDirectories(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // PostgreSQL refuses to run as root: its files belong to nobody, and it runs as nobody
        Shell.must("chown", "-R", "65534:65534", dir.resolve("db").toString());
        List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        List<String> initdb = new ArrayList<>(asNobody);
        initdb.addAll(List.of(
                binaries.resolve("bin/initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C"));
        Shell.run(initdb, Map.of(), Duration.ofMinutes(2)).orThrow(initdb);
        try {
            Files.writeString(
                    data.resolve("pg_hba.conf"),
                    "host all all " + Network.SUBNET + ".0/24 trust\n",
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> createDatabase = new ArrayList<>(asNobody);
        createDatabase.addAll(List.of(
                "sh",
                "-c",
                "echo 'CREATE DATABASE filesys;' | " + binaries.resolve("bin/postgres") + " --single -D " + data
                        + " postgres"));
        Shell.run(createDatabase, Map.of(), Duration.ofMinutes(1)).orThrow(createDatabase);
        List<String> server = new ArrayList<>(asNobody);
        server.addAll(List.of(
                binaries.resolve("bin/postgres").toString(),
                "-D",
                data.toString(),
                "-c",
                "listen_addresses=" + db.address(),
                "-c",
                "port=5432",
                "-c",
                "unix_socket_directories=" + socket,
                "-c",
                "max_connections=200"));
        services.put("db", db.start(server, Map.of(), dir.resolve("postgres.log")));
        await("PostgreSQL listens")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> ops.run(
                                        List.of("bash", "-c", "exec 3<>/dev/tcp/" + db.address() + "/5432"),
                                        Map.of(),
                                        Duration.ofSeconds(5))
                                .exit()
                        == 0);
    }

    private void startS3() {
        Path base = dir.resolve("s3");
        try {
            Files.createDirectories(base.resolve(BUCKET));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        services.put(
                "s3",
                s3.start(
                        List.of(
                                java(),
                                "-Xmx192m",
                                "-XX:+UseSerialGC",
                                "-cp",
                                System.getProperty("java.class.path"),
                                S3Store.class.getName(),
                                "http://" + s3.address() + ":9000",
                                base.toString(),
                                s3Key,
                                s3Secret),
                        Map.of(),
                        dir.resolve("s3proxy.log")));
        await("the S3 store listens")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> !opsCurl("-o", "/dev/null", "-w", "%{http_code}", "http://" + s3.address() + ":9000/")
                        .out()
                        .equals("000"));
    }

    /** One Ed25519 key set for both replicas: a code signed by either verifies against the JWKS of both. */
    private static String signingKeys() {
        List<String> command = List.of(
                java(),
                "-cp",
                jar("filesys.balancer.jar"),
                "-Dloader.main=dev.filesys.balancer.authcodes.SigningKeys",
                "org.springframework.boot.loader.launch.PropertiesLauncher");
        return Shell.run(command, Map.of(), Duration.ofMinutes(1))
                .orThrow(command)
                .out()
                .strip();
    }

    private void startBalancer(int index, String keys) {
        Host host = balancers.get(index);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("FILESYS_CLUSTER_TOKEN", clusterToken);
        environment.put("FILESYS_SIGNING_KEYS", keys);
        environment.put("FILESYS_TRUSTED_PROXIES", edge.address() + "/32");
        environment.put("FILESYS_BALANCER_PUBLIC_URL", PUBLIC_URL);
        environment.put("FILESYS_BALANCER_DISCOVERY_DNS_NAME", HEADLESS);
        environment.put("FILESYS_BALANCER_DISCOVERY_INTERVAL", "2s");
        environment.put("FILESYS_BALANCER_POLLING_INTERVAL", "500ms");
        environment.put("FILESYS_BALANCER_POLLING_CONNECT_TIMEOUT", "300ms");
        environment.put("FILESYS_BALANCER_POLLING_READ_TIMEOUT", "700ms");
        environment.put("FILESYS_BALANCER_POLLING_FALL", "2");
        environment.put("FILESYS_BALANCER_POLLING_RISE", "2");
        environment.put("MANAGEMENT_SERVER_PORT", "9090");
        launch(
                host,
                jar("filesys.balancer.jar"),
                environment,
                List.of("--server.address=" + host.address(), "--management.server.address=" + host.address()));
    }

    private void startFileService(int index) {
        Host host = fileServices.get(index);
        Path data = dir.resolve(host.role() + "/data");
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("FILESYS_SERVER_ID", host.role());
        // as in Kubernetes: one value for every replica, the id filled in by the service
        environment.put("FILESYS_SERVER_PUBLIC_URL", PUBLIC_URL + "/s/${filesys.server.id}");
        environment.put("FILESYS_TRUSTED_PROXIES", edge.address() + "/32");
        environment.put("FILESYS_CLUSTER_TOKEN", clusterToken);
        environment.put("FILESYS_BALANCER_URL", "http://balancer." + DOMAIN + ":8080");
        environment.put("FILESYS_BALANCER_REGISTER", "false");
        environment.put("DATABASE_URL", "jdbc:postgresql://postgres." + DOMAIN + ":5432/filesys");
        environment.put("DATABASE_USER", "postgres");
        environment.put("DATABASE_PASSWORD", "");
        environment.put("FILESYS_STORAGE_TYPE", "s3");
        environment.put("FILESYS_STORAGE_ROOT", data.toString());
        environment.put("FILESYS_STORAGE_S3_ENDPOINT", "http://s3." + DOMAIN + ":9000");
        environment.put("FILESYS_STORAGE_S3_BUCKET", BUCKET);
        environment.put("FILESYS_STORAGE_S3_REGION", "us-east-1");
        environment.put("FILESYS_STORAGE_S3_PATH_STYLE", "true");
        environment.put("FILESYS_STORAGE_S3_ACCESS_KEY", s3Key);
        environment.put("FILESYS_STORAGE_S3_SECRET_KEY", s3Secret);
        environment.put("FILESYS_STORAGE_MIN_FREE_SPACE", "64MB");
        environment.put("MANAGEMENT_SERVER_PORT", "9090");
        launch(
                host,
                jar("filesys.file-service.jar"),
                environment,
                List.of(
                        "--server.address=" + host.address(),
                        "--management.server.address=" + host.address(),
                        "--filesys.availability.refresh-interval=500ms",
                        "--filesys.availability.stale-after=2s",
                        "--filesys.uploads.expiration=20s",
                        "--filesys.sweeper.interval=2s",
                        "--filesys.sweeper.grace-period=10s",
                        "--spring.datasource.hikari.connection-timeout=2000",
                        "--spring.datasource.hikari.validation-timeout=1000"));
    }

    private void launch(Host host, String jar, Map<String, String> environment, List<String> arguments) {
        List<String> command = new ArrayList<>(
                List.of(java(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar));
        command.addAll(arguments);
        launches.put(host.role(), command);
        startLaunched(host, environment);
        environments.put(host.role(), environment);
    }

    private void startLaunched(Host host, Map<String, String> environment) {
        Path log = dir.resolve(host.role() + "-" + System.nanoTime() + ".log");
        services.put(host.role(), host.start(launches.get(host.role()), environment, log));
        logs.put(host.role(), log);
    }

    /** Where a service's current log is. */
    Path logOf(Host host) {
        return logs.get(host.role());
    }

    private void startEdge() {
        Path edgeDir = dir.resolve("edge");
        try {
            Files.createDirectories(edgeDir.resolve("tls"));
            for (String temp : List.of("body", "proxy", "fastcgi", "uwsgi", "scgi")) {
                Path path = Files.createDirectories(edgeDir.resolve("temp").resolve(temp));
                Files.setPosixFilePermissions(
                        path, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Shell.must(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-keyout",
                edgeDir.resolve("tls/tls.key").toString(),
                "-out",
                edgeDir.resolve("tls/tls.crt").toString(),
                "-subj",
                "/CN=" + PUBLIC_HOST,
                "-addext",
                "subjectAltName=DNS:" + PUBLIC_HOST);
        Map<String, String> addresses = Map.of(
                "FILESYS_EDGE_HOST",
                PUBLIC_HOST,
                "FILESYS_EDGE_HTTPS_LISTEN",
                edge.address() + ":443",
                "FILESYS_EDGE_HTTP_LISTEN",
                edge.address() + ":80",
                "FILESYS_EDGE_RESOLVER",
                dns.address(),
                "FILESYS_EDGE_BALANCER",
                "balancer." + DOMAIN + ":8080",
                "FILESYS_EDGE_FILE_SERVICE_DOMAIN",
                HEADLESS);
        write("edge/filesys-edge.conf", render(edgeTemplate(), addresses));
        String temp = edgeDir.resolve("temp").toString();
        Path main = write(
                "edge/nginx.conf",
                String.join(
                        "\n",
                        "# the process settings a packaged nginx keeps in its own nginx.conf; the routing is the file k8s ships",
                        "worker_processes 2;",
                        "pid " + edgeDir.resolve("nginx.pid") + ";",
                        "error_log " + edgeDir.resolve("error.log") + " info;",
                        "events { worker_connections 1024; }",
                        "http {",
                        "    server_tokens off;",
                        "    client_body_temp_path " + temp + "/body;",
                        "    proxy_temp_path " + temp + "/proxy;",
                        "    fastcgi_temp_path " + temp + "/fastcgi;",
                        "    uwsgi_temp_path " + temp + "/uwsgi;",
                        "    scgi_temp_path " + temp + "/scgi;",
                        "    include " + edgeDir.resolve("filesys-edge.conf") + ";",
                        "}",
                        ""));
        services.put(
                "edge",
                edge.start(
                        List.of("nginx", "-p", edgeDir.toString(), "-c", main.toString(), "-g", "daemon off;"),
                        Map.of(),
                        edgeDir.resolve("access.log")));
        // the client trusts the edge's certificate, as it would a public CA's
        Shell.must(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-importcert",
                "-noprompt",
                "-alias",
                "edge",
                "-file",
                edgeDir.resolve("tls/tls.crt").toString(),
                "-keystore",
                dir.resolve("client-truststore.p12").toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit");
    }

    /** The edge template as k8s ships it, with every {@code ${FILESYS_EDGE_…}} replaced (envsubst's job there). */
    static String render(String template, Map<String, String> addresses) {
        Matcher matcher = TEMPLATE_VARIABLE.matcher(template);
        StringBuilder rendered = new StringBuilder();
        while (matcher.find()) {
            String value = addresses.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("no value for ${" + matcher.group(1) + "} in the edge template");
            }
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(rendered);
        return rendered.toString();
    }

    static String edgeTemplate() {
        try {
            return Files.readString(repository().resolve("k8s/base/edge/filesys-edge.conf.template"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- what the scenarios use -----------------------------------------------------------------------------------

    String clusterToken() {
        return clusterToken;
    }

    Path dir() {
        return dir;
    }

    Path bucket() {
        return dir.resolve("s3").resolve(BUCKET);
    }

    Path storageRoot(Host fileService) {
        return dir.resolve(fileService.role() + "/data");
    }

    Path edgeAccessLog() {
        return dir.resolve("edge/access.log");
    }

    Path dnsQueries() {
        return dir.resolve("dns-queries.log");
    }

    Path edgeCertificate() {
        return dir.resolve("edge/tls/tls.crt");
    }

    Process process(Host host) {
        return services.get(host.role());
    }

    /** SIGKILLs a service's process (the JVM itself: {@code ip netns exec} exec'd it) and waits until it is gone. */
    void kill(Host host) throws InterruptedException {
        Process process = services.get(host.role());
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts a killed service again, as before, and waits until it is ready and every balancer has it UP. */
    void restart(Host host) {
        startLaunched(host, environments.get(host.role()));
        awaitReady(host, host.role().startsWith("balancer") ? 8080 : 8081);
    }

    /** curl on the client host, trusting the edge's certificate. */
    Shell.Result clientCurl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                "curl", "-sS", "--max-time", "30", "--cacert", edgeCertificate().toString()));
        command.addAll(List.of(arguments));
        return client.run(command, Map.of(), Duration.ofSeconds(40));
    }

    /** curl on the operator's host. */
    Shell.Result opsCurl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
        command.addAll(List.of(arguments));
        return ops.run(command, Map.of(), Duration.ofSeconds(20));
    }

    /** A JSON answer from an internal endpoint (with the cluster token), asked from the operator's host. */
    JsonNode internal(String url) {
        Shell.Result result = opsCurl("-H", "Authorization: Bearer " + clusterToken, url);
        return result.exit() == 0 && !result.out().isBlank() ? JSON.readTree(result.out()) : null;
    }

    /** How many file-services {@code balancer} has UP. */
    int upServers(Host balancer) {
        JsonNode servers = internal("http://" + balancer.address() + ":8080/api/v1/servers");
        if (servers == null || !servers.isArray()) {
            return -1;
        }
        int up = 0;
        for (JsonNode server : servers) {
            if ("UP".equals(server.path("state").asString())) {
                up++;
            }
        }
        return up;
    }

    /** The availability answer of a file-service, asked directly as a balancer asks it; null without an answer. */
    JsonNode availability(Host fileService) {
        return internal("http://" + fileService.address() + ":8081/internal/v1/availability");
    }

    void awaitReady(Host host, int port) {
        await("readiness of " + host + " (log: " + logs.get(host.role()) + ")")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Process process = services.get(host.role());
                    if (!process.isAlive()) {
                        throw new IllegalStateException(host + " exited; see " + logs.get(host.role()));
                    }
                    return opsCurl(
                                    "-o",
                                    "/dev/null",
                                    "-w",
                                    "%{http_code}",
                                    "http://" + host.address() + ":" + port + "/readyz")
                            .out()
                            .equals("200");
                });
    }

    /** The CLI on the client host, as a user with their own state file. */
    Cli cli(String user) {
        return new Cli(this, user);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String jar(String property) {
        String jar = System.getProperty(property);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(property + " not found: " + jar + " (run the package phase first)");
        }
        return jar;
    }

    static Path repository() {
        return Path.of(System.getProperty("filesys.repository", ".."))
                .toAbsolutePath()
                .normalize();
    }

    private Path write(String name, String content) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String random(int bytes) {
        return HexFormat.of().formatHex(new SecureRandom().generateSeed(bytes));
    }

    /**
     * Tears everything down: every process, every namespace and link, and the namespaces' files under /etc; then the
     * bulky data (binaries, databases, stored and test files), keeping the logs and configuration for a look afterwards.
     */
    @Override
    public void close() {
        network.close();
        for (String bulky : List.of("pg", "db", "s3", "client")) {
            Network.deleteTree(dir.resolve(bulky));
        }
        for (Host fileService : fileServices) {
            Network.deleteTree(storageRoot(fileService));
        }
    }
}
