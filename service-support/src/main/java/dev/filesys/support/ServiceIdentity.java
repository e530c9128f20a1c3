package dev.filesys.support;

import java.util.Map;
import org.springframework.boot.SpringApplication;

/**
 * The application a service's {@code main} runs, named for its logs: {@code spring.application.name} (which the plain
 * format prints on every line and the structured formats write as {@code service.name}) and the instance
 * ({@code service.node.name} in the ECS format). Boot sets logging up before it reads a service's
 * {@code @PropertySource} defaults, so these are the application's default properties instead, which it reads first;
 * settings from the environment or the command line still win.
 */
public final class ServiceIdentity {

    private ServiceIdentity() {}

    /**
     * @param source the service's application class
     * @param name the service's name, e.g. {@code balancer}
     * @param instance this instance's name; may be a placeholder such as {@code ${filesys.server.id:file-1}}
     */
    public static SpringApplication application(Class<?> source, String name, String instance) {
        SpringApplication application = new SpringApplication(source);
        application.setDefaultProperties(Map.of(
                "spring.application.name", name,
                "logging.structured.ecs.service.name", name,
                "logging.structured.ecs.service.node-name", instance));
        return application;
    }
}
