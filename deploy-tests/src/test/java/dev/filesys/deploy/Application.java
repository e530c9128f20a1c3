package dev.filesys.deploy;

import dev.filesys.balancer.BalancerApplication;
import dev.filesys.file.FileServiceApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.PropertyPlaceholderHelper;

/**
 * The two deployable applications, the balancer and the file-service, with the settings they ship in their own
 * {@code .properties} file (port, shutdown timeout, the environment placeholders), read from the real jar.
 */
enum Application {
    BALANCER("balancer-service", BalancerApplication.class, "dev/filesys/balancer/balancer.properties"),
    FILE_SERVICE("file-service", FileServiceApplication.class, "dev/filesys/file/file-service.properties");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)[:}]");

    private final String module;
    private final Class<?> application;
    private final String defaultsResource;

    Application(String module, Class<?> application, String defaultsResource) {
        this.module = module;
        this.application = application;
        this.defaultsResource = defaultsResource;
    }

    /** The Maven module, which is also the image's name and the Dockerfile's {@code SERVICE} build argument. */
    String module() {
        return module;
    }

    Class<?> application() {
        return application;
    }

    /** The service whose image {@code image} is ({@code registry/filesys/file-service:1.0} and the like), if any. */
    static Optional<Application> ofImage(String image) {
        String name = image.replaceFirst("[:@][^/]*$", "");
        return Arrays.stream(values())
                .filter(service -> name.endsWith("/" + service.module) || name.equals(service.module))
                .findFirst();
    }

    static Application ofModule(String module) {
        return Arrays.stream(values())
                .filter(service -> service.module.equals(module))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no filesys service is module " + module));
    }

    /** The service's shipped defaults, placeholders unresolved. */
    Properties defaults() {
        Properties properties = new Properties();
        try (InputStream in = application.getClassLoader().getResourceAsStream(defaultsResource)) {
            if (in == null) {
                throw new IllegalStateException(defaultsResource + " is not on the classpath");
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The environment variables its defaults read directly ({@code ${PORT:8080}} and the like). */
    Set<String> placeholders() {
        return defaults().values().stream()
                .map(String::valueOf)
                .flatMap(value -> PLACEHOLDER.matcher(value).results().map(match -> match.group(1)))
                .collect(Collectors.toSet());
    }

    /** The HTTP port it listens on with {@code environment} set: {@code server.port} with its placeholder resolved. */
    int port(Map<String, String> environment) {
        return Integer.parseInt(resolve("server.port", environment));
    }

    /** How long its graceful shutdown may take ({@code spring.lifecycle.timeout-per-shutdown-phase}). */
    Duration shutdownTimeout() {
        return DurationStyle.detectAndParse(resolve("spring.lifecycle.timeout-per-shutdown-phase", Map.of()));
    }

    private String resolve(String property, Map<String, String> environment) {
        String value = defaults().getProperty(property);
        if (value == null) {
            throw new IllegalStateException(defaultsResource + " does not set " + property);
        }
        return new PropertyPlaceholderHelper("${", "}", ":", null, true).replacePlaceholders(value, environment::get);
    }

    /** Where its classes come from (its jar or {@code target/classes}). */
    Path codeSource() {
        try {
            return Path.of(application
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
