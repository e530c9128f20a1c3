package dev.filesys.local;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the launcher is told, from {@code --name=value} arguments or the matching environment variables.
 *
 * @param dataDir where the embedded database and the blobs live (kept between runs)
 * @param databaseUrl a JDBC URL of an existing PostgreSQL to use instead of the embedded one (empty: embedded)
 * @param databaseUser its user
 * @param databasePassword its password
 * @param postgresPort the embedded PostgreSQL's port (0: any free port)
 * @param balancerPort the balancer's port (0: any free port)
 * @param filePorts one port per file-service (0: any free port)
 * @param clusterToken the shared secret between the balancer and the file-services
 */
public record LocalClusterOptions(
        Path dataDir,
        Optional<String> databaseUrl,
        String databaseUser,
        String databasePassword,
        int postgresPort,
        int balancerPort,
        List<Integer> filePorts,
        String clusterToken) {

    static final String USAGE = """
            usage: local-cluster [--data-dir=DIR] [--db-url=JDBC_URL] [--db-user=USER] [--db-password=PW]
                                 [--postgres-port=N] [--balancer-port=N] [--file-ports=N,N,...] [--cluster-token=T]
              environment: FILESYS_DATA_DIR, FILESYS_DB_URL, FILESYS_DB_USER, FILESYS_DB_PASSWORD,
                           FILESYS_POSTGRES_PORT, FILESYS_BALANCER_PORT, FILESYS_FILE_PORTS, FILESYS_CLUSTER_TOKEN
              defaults: ./data, embedded PostgreSQL on 15432, balancer 8080, file-services 8081,8082,
                        a random cluster token per run
            """;

    /**
     * @param args {@code --name=value} arguments
     * @param env the environment ({@code FILESYS_*} variables); arguments win
     * @throws IllegalArgumentException for an unknown option or a bad value, with a message for the user
     */
    public static LocalClusterOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            given.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Settings settings = new Settings(given, env);
        LocalClusterOptions options = new LocalClusterOptions(
                Path.of(settings.get("data-dir", "./data")).toAbsolutePath().normalize(),
                Optional.ofNullable(settings.get("db-url", null)).filter(url -> !url.isBlank()),
                settings.get("db-user", "postgres"),
                settings.get("db-password", ""),
                settings.port("postgres-port", 15432),
                settings.port("balancer-port", 8080),
                Arrays.stream(settings.get("file-ports", "8081,8082").split(","))
                        .map(String::strip)
                        .map(port -> Settings.toPort("file-ports", port))
                        .toList(),
                settings.get("cluster-token", null));
        settings.rejectUnknown();
        if (options.filePorts().isEmpty()) {
            throw new IllegalArgumentException("--file-ports needs at least one port");
        }
        return options;
    }

    /** Arguments win over environment variables ({@code data-dir} ↔ {@code FILESYS_DATA_DIR}). */
    private record Settings(Map<String, String> args, Map<String, String> env) {

        private static final List<String> KNOWN = List.of(
                "data-dir",
                "db-url",
                "db-user",
                "db-password",
                "postgres-port",
                "balancer-port",
                "file-ports",
                "cluster-token");

        String get(String name, String fallback) {
            String value = args.get(name);
            if (value == null) {
                value = env.get("FILESYS_" + name.toUpperCase().replace('-', '_'));
            }
            return value == null ? fallback : value;
        }

        int port(String name, int fallback) {
            return toPort(name, get(name, String.valueOf(fallback)));
        }

        static int toPort(String name, String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("--" + name + " must be a port number, not '" + value + "'");
        }

        void rejectUnknown() {
            for (String name : args.keySet()) {
                if (!KNOWN.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name);
                }
            }
        }
    }
}
