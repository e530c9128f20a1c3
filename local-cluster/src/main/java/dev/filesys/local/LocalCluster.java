package dev.filesys.local;

import dev.filesys.balancer.BalancerApplication;
import dev.filesys.file.FileServiceApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the whole system on localhost in one JVM: an embedded PostgreSQL (real PostgreSQL binaries from Maven
 * Central, data kept under the data directory) or an existing one, the balancer, and file-services that share one
 * local blob directory and register themselves with the balancer. Ctrl-C stops everything in reverse order: the
 * file-services drain and deregister first.
 */
public final class LocalCluster implements AutoCloseable {

    private final LocalClusterOptions options;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private String jdbcUrl;
    private String clusterToken;

    private LocalCluster(LocalClusterOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.print(LocalClusterOptions.USAGE);
            return;
        }
        LocalClusterOptions options;
        try {
            options = LocalClusterOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("local-cluster: " + e.getMessage());
            System.err.print(LocalClusterOptions.USAGE);
            System.exit(2);
            return;
        }
        LocalCluster cluster = new LocalCluster(options);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "local-cluster-shutdown"));
        try {
            cluster.start();
        } catch (Exception e) {
            System.err.println("local-cluster: could not start: " + e.getMessage());
            cluster.close();
            System.exit(1);
        }
        System.out.print(cluster.summary());
    }

    /** Starts the database, the balancer, then each file-service; returns once all accept requests. */
    public static LocalCluster start(LocalClusterOptions options) throws IOException, SQLException {
        LocalCluster cluster = new LocalCluster(options);
        try {
            cluster.start();
            return cluster;
        } catch (IOException | SQLException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void start() throws IOException, SQLException {
        requireFreePorts();
        Files.createDirectories(options.dataDir());
        clusterToken = options.clusterToken() != null ? options.clusterToken() : randomToken();
        jdbcUrl = options.databaseUrl().orElse(null);
        if (jdbcUrl == null) {
            jdbcUrl = startEmbeddedPostgres();
        }
        services.add(new SpringApplicationBuilder(BalancerApplication.class)
                .registerShutdownHook(false) // our hook stops the services in order
                .run("--server.port=" + options.balancerPort(), "--filesys.balancer.cluster-token=" + clusterToken));
        String balancerUrl = balancerUrl();
        Path blobs = options.dataDir().resolve("blobs");
        for (int i = 0; i < options.filePorts().size(); i++) {
            int port = options.filePorts().get(i);
            // with port 0 the file-service registers the port it really got
            services.add(new SpringApplicationBuilder(FileServiceApplication.class)
                    .registerShutdownHook(false)
                    .run(
                            "--server.port=" + port,
                            "--filesys.server.id=file-" + (i + 1),
                            "--filesys.balancer.url=" + balancerUrl,
                            "--filesys.balancer.cluster-token=" + clusterToken,
                            "--filesys.storage.root=" + blobs,
                            "--spring.datasource.url=" + jdbcUrl,
                            "--spring.datasource.username=" + options.databaseUser(),
                            "--spring.datasource.password=" + options.databasePassword()));
        }
    }

    /**
     * Fails clearly when a port is taken. Without this, the embedded PostgreSQL would happily connect to whatever
     * server already listens on its port, and a service would fail deep inside Spring with a less useful message.
     */
    private void requireFreePorts() throws IOException {
        List<Integer> ports = new ArrayList<>(options.filePorts());
        ports.addFirst(options.balancerPort());
        if (options.databaseUrl().isEmpty()) {
            ports.addFirst(options.postgresPort());
        }
        for (int port : ports) {
            if (port == 0) {
                continue;
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (BindException e) {
                throw new IOException("port " + port + " is already in use; choose others (see --help)", e);
            }
        }
    }

    private String startEmbeddedPostgres() throws IOException, SQLException {
        Path dataDirectory = options.dataDir().resolve("postgres");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false);
        if (options.postgresPort() != 0) {
            builder.setPort(options.postgresPort());
        }
        postgres = builder.start();
        String server = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/";
        try (Connection connection = DriverManager.getConnection(server + "postgres", "postgres", "");
                var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = 'filesys'");
                var rows = exists.executeQuery()) {
            if (!rows.next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE filesys");
                }
            }
        }
        return server + "filesys";
    }

    /** Where everything is, for a person at the terminal. */
    String summary() {
        StringBuilder out = new StringBuilder("\nfilesys is running\n");
        out.append("  balancer       ").append(balancerUrl()).append('\n');
        for (int i = 1; i < services.size(); i++) {
            out.append("  file-service   http://127.0.0.1:")
                    .append(port(services.get(i)))
                    .append("  (file-")
                    .append(i)
                    .append(")\n");
        }
        out.append("  database       ")
                .append(postgres != null ? jdbcUrl + " (embedded)" : "(external)")
                .append('\n');
        out.append("  blobs          ")
                .append(options.dataDir().resolve("blobs"))
                .append('\n');
        out.append("  cluster token  ").append(clusterToken).append('\n');
        out.append("Press Ctrl-C to stop.\n");
        return out.toString();
    }

    public String clusterToken() {
        return clusterToken;
    }

    /** The balancer's base URL, with the port it really listens on. */
    public String balancerUrl() {
        return "http://127.0.0.1:" + port(services.getFirst());
    }

    /**
     * Stops one file-service the way an operator would (it drains and deregisters), leaving the others running.
     *
     * @param serverId {@code file-1}, {@code file-2}, …
     */
    public synchronized void stopFileService(String serverId) {
        int index = Integer.parseInt(serverId.substring("file-".length()));
        services.get(index).close();
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public synchronized void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        services.clear();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("local-cluster: stopping PostgreSQL failed: " + e.getMessage());
            }
            postgres = null;
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
