package dev.filesys.local;

import dev.filesys.balancer.BalancerApplication;
import dev.filesys.balancer.authcodes.SigningKeys;
import dev.filesys.file.FileServiceApplication;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Starts the whole system on this machine in one JVM: an embedded PostgreSQL (or an existing one), the balancer, and
 * file-services that share one local blob directory and register themselves with the balancer. Everything listens on
 * 127.0.0.1 unless told otherwise. Ctrl-C stops everything in reverse order: the file-services drain and deregister
 * first.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);

    private final LocalClusterOptions options;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    private EmbeddedDatabase database;
    private String jdbcUrl;
    private String clusterToken;

    private LocalCluster(LocalClusterOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        CommandLine commandLine = LocalClusterOptions.commandLine(System.getenv());
        LocalClusterOptions options;
        try {
            commandLine.parseArgs(args);
            if (CommandLine.printHelpIfRequested(commandLine.getParseResult())) {
                return;
            }
            options = commandLine.<LocalClusterOptions.Arguments>getCommand().toOptions(commandLine);
        } catch (ParameterException e) {
            System.err.println("local-cluster: " + e.getMessage());
            System.err.println("Try 'local-cluster --help' for the options.");
            System.exit(2);
            return;
        }
        System.exit(runUntilStopped(options, System.out));
    }

    /**
     * The launcher as a person runs it: the full log to a file, a short summary on the console, then only warnings and
     * errors there; runs until Ctrl-C (or SIGTERM), whose hook stops everything.
     *
     * @return the exit status, if it could not start (once started, it never returns)
     */
    private static int runUntilStopped(LocalClusterOptions options, PrintStream console) {
        Path logFile = options.dataDir().resolve("logs").resolve("filesys.log");
        try {
            createPrivateDirectory(logFile.getParent());
        } catch (IOException e) {
            System.err.println("local-cluster: cannot write logs to " + logFile.getParent() + ": " + e.getMessage());
            return 1;
        }
        LauncherLogging.configure(logFile);
        console.printf(
                "filesys %s: starting PostgreSQL, the balancer and %d file-services (full log: %s)%n",
                LocalClusterOptions.Version.version(), options.filePorts().size(), logFile);
        LocalCluster cluster = new LocalCluster(options);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            console.println("filesys: stopping");
                            cluster.close();
                            console.println("filesys: stopped");
                        },
                        "local-cluster-shutdown"));
        try {
            ServiceName.during("launcher", () -> {
                cluster.start();
                return null;
            });
        } catch (Exception e) {
            log.error("could not start: {} (details in {})", e.getMessage(), logFile, e);
            return 1;
        }
        console.print(cluster.summary(logFile));
        try {
            // the services run on threads of their own; this one only waits for the hook to end the JVM
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Starts the database, the balancer, then each file-service; returns once all accept requests. */
    public static LocalCluster start(LocalClusterOptions options) throws Exception {
        LocalCluster cluster = new LocalCluster(options);
        try {
            cluster.start();
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    private void start() throws Exception {
        requireFreePorts();
        createPrivateDirectory(options.dataDir());
        clusterToken = options.clusterToken().orElseGet(Secrets::generate);
        // written, not printed: a console is seen, scrolled back and pasted by more people than a 0600 file
        Secrets.write(tokenFile(), clusterToken);
        String databaseUser;
        String databasePassword;
        if (options.databaseUrl().isPresent()) {
            jdbcUrl = options.databaseUrl().get();
            databaseUser = options.databaseUser();
            databasePassword = options.databasePassword();
        } else {
            database = ServiceName.during(
                    "postgres", () -> EmbeddedDatabase.start(options.dataDir(), options.postgresPort()));
            jdbcUrl = database.jdbcUrl();
            databaseUser = EmbeddedDatabase.USER;
            databasePassword = database.password();
        }
        String bind = "--server.address=" + options.bindAddress().getHostAddress();
        services.add(ServiceName.during(
                "balancer",
                () -> service(BalancerApplication.class)
                        .run(
                                "--server.port=" + options.balancerPort(),
                                bind,
                                "--filesys.balancer.cluster-token=" + clusterToken,
                                // a key for this run, as the balancer would make itself if given none (and warn
                                // that codes signed with it die with it: here just right, all restart together)
                                "--filesys.balancer.signing.keys="
                                        + SigningKeys.generated().toPrivateJson())));
        String balancerUrl = "http://" + internalHost() + ":" + port(services.getFirst());
        Path blobs = options.dataDir().resolve("blobs");
        for (int i = 0; i < options.filePorts().size(); i++) {
            int port = options.filePorts().get(i);
            String id = "file-" + (i + 1);
            List<String> settings = new ArrayList<>(List.of(
                    "--server.port=" + port,
                    bind,
                    "--filesys.server.id=" + id,
                    "--filesys.balancer.url=" + balancerUrl,
                    "--filesys.balancer.cluster-token=" + clusterToken,
                    "--filesys.storage.root=" + blobs,
                    "--spring.datasource.url=" + jdbcUrl,
                    "--spring.datasource.username=" + databaseUser,
                    "--spring.datasource.password=" + databasePassword,
                    // every service shares this JVM's cores, and a file-service's first heartbeat goes out while the
                    // next one starts: on a busy machine the balancer's first answer took longer than the 2 s default
                    // and the console warned about a registration that succeeded 5 s later
                    "--filesys.balancer.request-timeout=10s"));
            if (port != 0) {
                // with port 0 (loopback only) the file-service registers http://127.0.0.1:<the port it got> itself
                settings.add("--filesys.server.public-url=http://" + publicHost() + ":" + port);
            }
            webAppOrigins().ifPresent(origins -> settings.add("--filesys.cors.allowed-origins=" + origins));
            services.add(ServiceName.during(
                    id, () -> service(FileServiceApplication.class).run(settings.toArray(String[]::new))));
        }
    }

    /**
     * The origins the web app's pages come from, for the file-services' CORS, when the file-services' own default (the
     * balancer's URL as they reach it, on every loopback name) would miss the one people use: the balancer's address
     * on the public host. Empty when that is a loopback name, or when {@code FILESYS_CORS_ALLOWED_ORIGINS} says which.
     */
    private Optional<String> webAppOrigins() {
        String publicOrigin = balancerUrl();
        boolean loopback = publicOrigin.startsWith("http://127.0.0.1:")
                || publicOrigin.startsWith("http://localhost:")
                || publicOrigin.startsWith("http://[::1]:");
        String configured = System.getenv("FILESYS_CORS_ALLOWED_ORIGINS");
        if (loopback || (configured != null && !configured.isBlank())) {
            return Optional.empty();
        }
        String port = publicOrigin.substring(publicOrigin.lastIndexOf(':') + 1);
        return Optional.of(
                publicOrigin + ",http://127.0.0.1:" + port + ",http://localhost:" + port + ",http://[::1]:" + port);
    }

    /**
     * One service as a Spring application of its own, with two settings of the local system:
     *
     * <ul>
     *   <li>its API description stays on (it is what a developer running the system locally reads); saying so
     *       explicitly keeps springdoc from warning, at every start of every service, that it is on by default and
     *       should be turned off in production;
     *   <li>Spring MVC is ready when the service is, not at its first request: on a busy machine the first heartbeat a
     *       file-service sent to the balancer took longer than its 2 s timeout while the balancer set itself up, and
     *       the console showed a warning about a registration that was fine a moment later.
     * </ul>
     */
    private static SpringApplicationBuilder service(Class<?> application) {
        return new SpringApplicationBuilder(application)
                .main(application)
                .bannerMode(Banner.Mode.OFF)
                .registerShutdownHook(false) // our hook stops the services in order
                .properties(Map.of(
                        "springdoc.api-docs.enabled", "true",
                        "springdoc.swagger-ui.enabled", "true",
                        "spring.mvc.servlet.load-on-startup", "1"));
    }

    /**
     * Fails clearly when a port is taken. Without this, the embedded PostgreSQL would happily connect to whatever
     * server already listens on its port, and a service would fail deep inside Spring with a less useful message.
     */
    private void requireFreePorts() throws IOException {
        if (options.databaseUrl().isEmpty()) {
            requireFree(InetAddress.getLoopbackAddress(), options.postgresPort());
        }
        requireFree(options.bindAddress(), options.balancerPort());
        for (int port : options.filePorts()) {
            requireFree(options.bindAddress(), port);
        }
    }

    private static void requireFree(InetAddress address, int port) throws IOException {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, port));
        } catch (BindException e) {
            throw new IOException("port " + port + " is already in use; choose others (see --help)", e);
        }
    }

    /** Where everything is, for a person at the terminal. */
    String summary(Path logFile) {
        StringBuilder out = new StringBuilder("\nfilesys is running\n");
        line(out, "balancer", balancerUrl());
        for (int i = 1; i < services.size(); i++) {
            line(out, "file-" + i, "http://" + publicHost() + ":" + port(services.get(i)));
        }
        if (servesWebApp()) {
            line(out, "web app", balancerUrl() + "/");
        }
        line(
                out,
                "PostgreSQL",
                database != null
                        ? jdbcUrl + " (user postgres, password in " + database.passwordFile() + ")"
                        : withoutQuery(jdbcUrl));
        line(out, "blobs", options.dataDir().resolve("blobs").toString());
        line(out, "cluster token", tokenFile().toString());
        line(out, "log", logFile + " (here: warnings and errors only)");
        out.append("Press Ctrl-C to stop.\n");
        return out.toString();
    }

    private static void line(StringBuilder out, String what, String where) {
        out.append(String.format("  %-14s %s%n", what, where));
    }

    /** A JDBC URL may carry a password in its query; the console never shows it. */
    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return (query < 0 ? url : url.substring(0, query)) + " (external)";
    }

    /** Whether the balancer serves a web page at {@code /} (the web app, in builds that have one). */
    private boolean servesWebApp() {
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://" + internalHost() + ":" + port(services.getFirst()) + "/"))
                            .header("Accept", "text/html")
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200
                    && response.headers().firstValue("Content-Type").orElse("").startsWith("text/html");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The cluster token (also in {@code <data>/cluster-token}). */
    public String clusterToken() {
        return clusterToken;
    }

    /** The file that holds the cluster token, readable by its owner only. */
    public Path tokenFile() {
        return options.dataDir().resolve("cluster-token");
    }

    /** The balancer's base URL as clients use it, with the port it really listens on. */
    public String balancerUrl() {
        return "http://" + publicHost() + ":" + port(services.getFirst());
    }

    /**
     * The host in the URLs clients are given: the one the operator named, else the bind address, else (bound to every
     * interface) this machine's name, which other machines are likelier to reach than any one of its addresses.
     */
    private String publicHost() {
        if (options.publicHost().isPresent()) {
            return options.publicHost().get();
        }
        InetAddress bind = options.bindAddress();
        if (bind.isAnyLocalAddress()) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "127.0.0.1";
            }
        }
        return urlHost(bind);
    }

    /** How the services in this JVM reach each other: over loopback, unless they listen on one other address only. */
    private String internalHost() {
        InetAddress bind = options.bindAddress();
        return bind.isAnyLocalAddress() || bind.isLoopbackAddress() ? "127.0.0.1" : urlHost(bind);
    }

    private static String urlHost(InetAddress address) {
        String literal = address.getHostAddress();
        return literal.contains(":") ? "[" + literal + "]" : literal;
    }

    /**
     * Stops one file-service the way an operator would (it drains and deregisters), leaving the others running.
     *
     * @param serverId {@code file-1}, {@code file-2}, …
     */
    public synchronized void stopFileService(String serverId) {
        int index = Integer.parseInt(serverId.substring("file-".length()));
        ConfigurableApplicationContext service = services.get(index);
        runAs(serverId, service::close);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public synchronized void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            runAs(i == 0 ? "balancer" : "file-" + i, services.get(i)::close);
        }
        services.clear();
        if (database != null) {
            runAs("postgres", database::close);
            database = null;
        }
    }

    /** Runs {@code work} with its log lines naming {@code service}; a failure is logged, so the rest still stops. */
    private static void runAs(String service, Runnable work) {
        try {
            ServiceName.during(service, () -> {
                work.run();
                return null;
            });
        } catch (Exception e) {
            log.warn("stopping {} failed: {}", service, e.toString());
        }
    }

    /** Creates {@code directory} (and missing parents) for its owner only; an existing one is left as it is. */
    private static void createPrivateDirectory(Path directory) throws IOException {
        Files.createDirectories(directory, Secrets.ownerOnly("rwx------"));
    }
}
