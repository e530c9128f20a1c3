package dev.filesys.support;

import java.util.Map;
import java.util.Objects;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Moves the OpenAPI description and Swagger UI to the management port together with the metrics, whenever a service
 * has one of its own ({@code management.server.port}, env {@code MANAGEMENT_SERVER_PORT}, set and not the service's
 * port): there they are at {@code /actuator/openapi} and {@code /actuator/swagger-ui}, out of reach of whatever the
 * edge proxy exposes. Without a management port of its own a service keeps them on its port at {@code /v3/api-docs}
 * and {@code /swagger-ui.html}. springdoc has to be told, and refuses to start when told so without such a port, so the
 * setting is derived here rather than left to configuration.
 */
class ManagementPortDocumentation implements EnvironmentPostProcessor, Ordered {

    static final String USE_MANAGEMENT_PORT = "springdoc.use-management-port";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(USE_MANAGEMENT_PORT)) {
            return;
        }
        String management = environment.getProperty("management.server.port");
        if (management == null || management.isBlank() || management.trim().equals("-1")) {
            return;
        }
        String server = environment.getProperty("server.port", environment.getProperty("PORT"));
        // 0 is a random port of its own, whatever the service's port is
        boolean separate = management.trim().equals("0")
                || !Objects.equals(management.trim(), server == null ? null : server.trim());
        if (separate) {
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource("filesys-management-port", Map.of(USE_MANAGEMENT_PORT, "true")));
        }
    }

    /** After the configuration files have been read, so a management port set in one of them counts too. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
