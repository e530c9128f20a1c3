package dev.filesys.local;

import static picocli.CommandLine.Help.Visibility.NEVER;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * What the launcher is told. Each option comes from the command line ({@code --balancer-port 9280} or
 * {@code --balancer-port=9280}), else from its environment variable ({@code FILESYS_} and the option's name in capitals,
 * {@code FILESYS_BALANCER_PORT}), else from its default.
 *
 * @param dataDir where the embedded database, the blobs, the logs and the generated secrets live (kept between runs)
 * @param databaseUrl a JDBC URL of an existing PostgreSQL to use instead of the embedded one (empty: embedded)
 * @param databaseUser the existing PostgreSQL's user
 * @param databasePassword its password
 * @param postgresPort the embedded PostgreSQL's port on 127.0.0.1 (0: any free port)
 * @param balancerPort the balancer's port (0: any free port)
 * @param filePorts one port per file-service (0: any free port)
 * @param bindAddress the address the balancer and the file-services listen on
 * @param publicHost the host name clients are given in the services' URLs (empty: derived from the bind address)
 * @param clusterToken the shared secret between the balancer and the file-services (empty: a random one per run)
 */
public record LocalClusterOptions(
        Path dataDir,
        Optional<String> databaseUrl,
        String databaseUser,
        String databasePassword,
        int postgresPort,
        int balancerPort,
        List<Integer> filePorts,
        InetAddress bindAddress,
        Optional<String> publicHost,
        Optional<String> clusterToken) {

    /**
     * @param args the command line
     * @param env the environment ({@code FILESYS_*} variables); the command line wins over it
     * @throws IllegalArgumentException for an unknown option or a bad value, with a message for the user
     */
    public static LocalClusterOptions parse(String[] args, Map<String, String> env) {
        CommandLine commandLine = commandLine(env);
        try {
            commandLine.parseArgs(args);
            return commandLine.<Arguments>getCommand().toOptions(commandLine);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The launcher's command line, with its help and version, taking defaults from {@code env}. */
    static CommandLine commandLine(Map<String, String> env) {
        return new CommandLine(new Arguments()).setDefaultValueProvider(new EnvironmentDefaults(env));
    }

    @Command(
            name = "local-cluster",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            showDefaultValues = true,
            description = {
                "Runs filesys on this machine: an embedded PostgreSQL, the balancer and the file-services in one JVM.",
                "Each --some-option can also be set by the variable FILESYS_SOME_OPTION; the command line wins over"
                        + " the variable, the variable over the default. A port of 0 means any free one."
            })
    static final class Arguments {

        @Option(names = "--data-dir", paramLabel = "DIR", description = "database, blobs, logs, secrets")
        Path dataDir = Path.of("data");

        @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "a PostgreSQL to use instead of its own")
        String databaseUrl;

        @Option(names = "--db-user", paramLabel = "USER", description = "its user")
        String databaseUser = "postgres";

        @Option(
                names = "--db-password",
                paramLabel = "PASSWORD",
                description = "its password",
                showDefaultValue = NEVER)
        String databasePassword = "";

        @Option(names = "--postgres-port", paramLabel = "PORT", description = "its own PostgreSQL's, on 127.0.0.1")
        int postgresPort = 15432;

        @Option(names = "--balancer-port", paramLabel = "PORT", description = "the balancer's port")
        int balancerPort = 8080;

        @Option(names = "--file-ports", paramLabel = "PORT", split = ",", description = "one per file-service")
        List<Integer> filePorts = List.of(8081, 8082);

        @Option(
                names = "--bind-address",
                paramLabel = "ADDRESS",
                defaultValue = "127.0.0.1",
                converter = LocalAddress.class,
                description = "where the services listen; 0.0.0.0: everywhere")
        InetAddress bindAddress;

        @Option(
                names = "--public-host",
                paramLabel = "HOST",
                description = "the host in the URLs clients get (default: the bind address; this machine's name for"
                        + " 0.0.0.0)")
        String publicHost;

        @Option(
                names = "--cluster-token",
                paramLabel = "TOKEN",
                showDefaultValue = NEVER,
                description = "the services' shared secret (default: random, written to DIR/cluster-token)")
        String clusterToken;

        LocalClusterOptions toOptions(CommandLine commandLine) {
            List<Integer> ports = new ArrayList<>(filePorts);
            ports.addAll(List.of(postgresPort, balancerPort));
            ports.stream().filter(port -> port < 0 || port > 65535).findFirst().ifPresent(port -> {
                throw new ParameterException(commandLine, "a port is a number from 0 to 65535, not " + port);
            });
            if (!bindAddress.isLoopbackAddress() && (balancerPort == 0 || filePorts.contains(0))) {
                // the file-services tell the balancer their URL, and 127.0.0.1 would not reach them from elsewhere
                throw new ParameterException(commandLine, "--bind-address beyond loopback needs fixed ports, not 0");
            }
            return new LocalClusterOptions(
                    dataDir.toAbsolutePath().normalize(),
                    nonBlank(databaseUrl),
                    databaseUser,
                    databasePassword,
                    postgresPort,
                    balancerPort,
                    List.copyOf(filePorts),
                    bindAddress,
                    nonBlank(publicHost),
                    nonBlank(clusterToken));
        }

        private static Optional<String> nonBlank(String value) {
            return Optional.ofNullable(value).filter(given -> !given.isBlank());
        }
    }

    /** {@code --balancer-port} ↔ {@code FILESYS_BALANCER_PORT}: a variable only when the option is not given. */
    record EnvironmentDefaults(Map<String, String> env) implements CommandLine.IDefaultValueProvider {

        @Override
        public String defaultValue(ArgSpec argument) {
            if (argument instanceof OptionSpec option && option.longestName().startsWith("--")) {
                return env.get(variable(option.longestName()));
            }
            return null;
        }

        static String variable(String option) {
            return "FILESYS_" + option.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
        }
    }

    /** An address of this machine (or the wildcard): anything else would fail later, deep inside the web server. */
    static final class LocalAddress implements ITypeConverter<InetAddress> {

        @Override
        public InetAddress convert(String value) {
            try {
                InetAddress address = InetAddress.getByName(value.strip());
                if (address.isAnyLocalAddress()
                        || address.isLoopbackAddress()
                        || NetworkInterface.getByInetAddress(address) != null) {
                    return address;
                }
            } catch (UnknownHostException | SocketException ignored) {
                // reported below
            }
            throw new TypeConversionException("'" + value + "' is not an address of this machine");
        }
    }

    /** The version Maven wrote into the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            return new String[] {"filesys local-cluster " + version()};
        }

        static String version() {
            String version = LocalClusterOptions.class.getPackage().getImplementationVersion();
            return version != null ? version : "(development build)";
        }
    }
}
