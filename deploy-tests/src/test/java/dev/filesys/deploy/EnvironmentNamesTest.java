package dev.filesys.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker the deployment tests rely on: it must accept what Spring binds and refuse what it does not. */
class EnvironmentNamesTest {

    private final EnvironmentNames balancer = EnvironmentNames.of(Application.BALANCER);
    private final EnvironmentNames fileService = EnvironmentNames.of(Application.FILE_SERVICE);

    @Test
    void relaxedNamesOfTheServicesOwnSettingsBind() {
        assertThat(balancer.target("FILESYS_BALANCER_DISCOVERY_DNS_NAME"))
                .contains("filesys.balancer.discovery.dns-name");
        assertThat(balancer.target("FILESYS_BALANCER_DISCOVERY_DNSNAME"))
                .contains("filesys.balancer.discovery.dns-name");
        assertThat(balancer.target("FILESYS_BALANCER_POLLING_READ_TIMEOUT"))
                .contains("filesys.balancer.polling.read-timeout");
        assertThat(balancer.target("FILESYS_BALANCER_SERVERS_0_URL")).contains("filesys.balancer.servers[…]");
        assertThat(fileService.target("FILESYS_SERVER_ID")).contains("filesys.server.id");
    }

    @Test
    void placeholdersSpringSettingsAndTheJvmCount() {
        assertThat(balancer.target("PORT"))
                .hasValueSatisfying(target -> assertThat(target).contains("${PORT}"));
        assertThat(fileService.target("DATABASE_URL")).isPresent();
        assertThat(balancer.target("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE"))
                .contains("spring.lifecycle.timeout-per-shutdown-phase");
        assertThat(fileService.target("JAVA_TOOL_OPTIONS")).contains("the JVM");
    }

    @Test
    void namesThatBindNothingAndTheOtherServicesSettingsAreRefused() {
        assertThat(balancer.unbound(List.of(
                        "FILESYS_BALANCER_DISCOVERY_DNS_NAME", "FILESYS_BALANCER_DISCOVERY_HOST", "FILESYS_SERVER_ID")))
                .containsExactly("FILESYS_BALANCER_DISCOVERY_HOST", "FILESYS_SERVER_ID");
        assertThat(fileService.unbound(List.of("FILESYS_BALANCER_DISCOVERY_DNS_NAME", "DATABASE_URI")))
                .containsExactly("DATABASE_URI", "FILESYS_BALANCER_DISCOVERY_DNS_NAME");
    }
}
