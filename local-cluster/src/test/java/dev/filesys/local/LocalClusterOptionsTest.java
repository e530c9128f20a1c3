package dev.filesys.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where each option comes from: the command line, else its {@code FILESYS_*} variable, else its default. */
class LocalClusterOptionsTest {

    private static LocalClusterOptions parse(Map<String, String> env, String... args) {
        return LocalClusterOptions.parse(args, env);
    }

    @Test
    void withNothingGivenEveryOptionHasItsDefault() throws Exception {
        LocalClusterOptions options = parse(Map.of());

        assertThat(options.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(options.databaseUrl()).isEmpty();
        assertThat(options.databaseUser()).isEqualTo("postgres");
        assertThat(options.postgresPort()).isEqualTo(15432);
        assertThat(options.balancerPort()).isEqualTo(8080);
        assertThat(options.filePorts()).containsExactly(8081, 8082);
        assertThat(options.bindAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(options.publicHost()).isEmpty();
        assertThat(options.clusterToken()).isEmpty();
    }

    @Test
    void anOptionMayBeFollowedByItsValueOrJoinedToItWithEquals() {
        LocalClusterOptions separate = parse(
                Map.of(), "--balancer-port", "9280", "--file-ports", "9281,9282", "--data-dir", "/tmp/filesys-data");
        LocalClusterOptions joined =
                parse(Map.of(), "--balancer-port=9280", "--file-ports=9281,9282", "--data-dir=/tmp/filesys-data");

        assertThat(separate).isEqualTo(joined);
        assertThat(separate.balancerPort()).isEqualTo(9280);
        assertThat(separate.filePorts()).containsExactly(9281, 9282);
        assertThat(separate.dataDir()).isEqualTo(Path.of("/tmp/filesys-data"));
    }

    @Test
    void theEnvironmentFillsInWhatTheCommandLineLeavesOut() {
        LocalClusterOptions options = parse(Map.of(
                "FILESYS_BALANCER_PORT", "9380",
                "FILESYS_FILE_PORTS", "9381,9382,9383",
                "FILESYS_DATA_DIR", "/srv/filesys",
                "FILESYS_DB_URL", "jdbc:postgresql://db.example:5432/filesys",
                "FILESYS_CLUSTER_TOKEN", "from-the-environment"));

        assertThat(options.balancerPort()).isEqualTo(9380);
        assertThat(options.filePorts()).containsExactly(9381, 9382, 9383);
        assertThat(options.dataDir()).isEqualTo(Path.of("/srv/filesys"));
        assertThat(options.databaseUrl()).contains("jdbc:postgresql://db.example:5432/filesys");
        assertThat(options.clusterToken()).contains("from-the-environment");
        assertThat(options.postgresPort())
                .as("not in the environment: the default")
                .isEqualTo(15432);
    }

    @Test
    void theCommandLineWinsOverTheEnvironment() {
        Map<String, String> env = Map.of(
                "FILESYS_BALANCER_PORT", "9380",
                "FILESYS_FILE_PORTS", "9381,9382,9383",
                "FILESYS_CLUSTER_TOKEN", "from-the-environment");

        LocalClusterOptions options =
                parse(env, "--balancer-port", "9480", "--file-ports=9481", "--cluster-token", "from-the-command-line");

        assertThat(options.balancerPort()).isEqualTo(9480);
        assertThat(options.filePorts()).containsExactly(9481);
        assertThat(options.clusterToken()).contains("from-the-command-line");
    }

    @Test
    void aBlankVariableCountsAsUnset() {
        LocalClusterOptions options = parse(Map.of("FILESYS_DB_URL", " ", "FILESYS_CLUSTER_TOKEN", ""));

        assertThat(options.databaseUrl()).isEmpty();
        assertThat(options.clusterToken()).isEmpty();
    }

    @Test
    void theBindAddressAndPublicHostAreTakenAsGiven() throws Exception {
        LocalClusterOptions options = parse(
                Map.of("FILESYS_PUBLIC_HOST", "files.example"),
                "--bind-address",
                "0.0.0.0",
                "--balancer-port=9280",
                "--file-ports=9281,9282");

        assertThat(options.bindAddress()).isEqualTo(InetAddress.getByName("0.0.0.0"));
        assertThat(options.publicHost()).contains("files.example");
    }

    @Test
    void unknownOptionsAndBadValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> parse(Map.of(), "--balancer-prot=9280"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--balancer-prot=9280");
        assertThatThrownBy(() -> parse(Map.of(), "--balancer-port", "eighty"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--balancer-port")
                .hasMessageContaining("'eighty' is not an int");
        assertThatThrownBy(() -> parse(Map.of(), "--file-ports=8081,70000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a port is a number from 0 to 65535, not 70000");
        assertThatThrownBy(() -> parse(Map.of("FILESYS_POSTGRES_PORT", "-1")))
                .as("a bad variable is refused like a bad option")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a port is a number from 0 to 65535, not -1");
        assertThatThrownBy(() -> parse(Map.of("FILESYS_BALANCER_PORT", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--balancer-port")
                .hasMessageContaining("'x' is not an int");
    }

    @Test
    void theBindAddressMustBeOneOfThisMachine() {
        // 192.0.2.0/24 is reserved for documentation: never an address of a real machine
        assertThatThrownBy(() -> parse(Map.of(), "--bind-address", "192.0.2.7"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'192.0.2.7' is not an address of this machine");
    }

    @Test
    void bindingBeyondLoopbackNeedsFixedPorts() {
        // the file-services advertise their URL to the balancer; "any free port" is only known on loopback
        assertThatThrownBy(() -> parse(Map.of(), "--bind-address=0.0.0.0", "--file-ports=0,0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs fixed ports");
    }

    @Test
    void theVariableOfAnOptionIsItsNameInCapitals() {
        assertThat(List.of("--data-dir", "--db-url", "--bind-address", "--cluster-token").stream()
                        .map(LocalClusterOptions.EnvironmentDefaults::variable))
                .containsExactly("FILESYS_DATA_DIR", "FILESYS_DB_URL", "FILESYS_BIND_ADDRESS", "FILESYS_CLUSTER_TOKEN");
    }
}
