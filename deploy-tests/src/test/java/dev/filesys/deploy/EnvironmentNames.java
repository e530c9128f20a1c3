package dev.filesys.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which environment variables a service really reads. A name counts when Spring's relaxed binding maps it onto a
 * property the service knows — one in the configuration metadata its jar carries (generated from its
 * {@code @ConfigurationProperties} records), or in the metadata of Spring Boot and the libraries on its classpath
 * ({@code server.*}, {@code spring.*}, {@code management.*}) — when its own defaults read it as a placeholder
 * ({@code ${PORT:8081}}), or when the JVM reads it ({@code JAVA_TOOL_OPTIONS}). The mapping is Spring's own: the names
 * are looked up through a {@link SystemEnvironmentPropertySource}, as in a running application.
 */
final class EnvironmentNames {

    private static final Set<String> READ_BY_THE_JVM = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The S3 blob store's settings, agreed before the store is built (docs/deployment.md): they count as known while
     * the file-service's metadata has no {@code filesys.storage.type} at all; once it has, each must be real.
     */
    static final List<String> AGREED_S3_PROPERTIES = List.of(
            "filesys.storage.type",
            "filesys.storage.s3.endpoint",
            "filesys.storage.s3.bucket",
            "filesys.storage.s3.region",
            "filesys.storage.s3.access-key",
            "filesys.storage.s3.secret-key",
            "filesys.storage.s3.path-style");

    private final Application service;
    private final List<ConfigurationPropertyName> properties = new ArrayList<>();
    private final List<ConfigurationPropertyName> collections = new ArrayList<>();
    private final Set<String> placeholders;
    private final boolean awaitingS3Store;

    private EnvironmentNames(Application service) {
        this.service = service;
        this.placeholders = service.placeholders();
        Map<String, String> known = metadata(service);
        known.forEach((name, type) -> {
            ConfigurationPropertyName property = ConfigurationPropertyName.ofIfValid(name);
            if (property == null) {
                return;
            }
            properties.add(property);
            if (type.startsWith("java.util.List")
                    || type.startsWith("java.util.Map")
                    || type.startsWith("java.util.Set")
                    || type.endsWith("[]")) {
                collections.add(property);
            }
        });
        awaitingS3Store = service == Application.FILE_SERVICE && !known.containsKey("filesys.storage.type");
        if (awaitingS3Store) {
            AGREED_S3_PROPERTIES.forEach(name -> properties.add(ConfigurationPropertyName.of(name)));
        }
    }

    static EnvironmentNames of(Application service) {
        return new EnvironmentNames(service);
    }

    /** Whether the file-service does not yet bind the agreed S3 settings (they are accepted on trust until it does). */
    boolean awaitingS3Store() {
        return awaitingS3Store;
    }

    /** What {@code variable} sets in the service: a property name, a placeholder, or the JVM; empty if nothing. */
    Optional<String> target(String variable) {
        if (READ_BY_THE_JVM.contains(variable)) {
            return Optional.of("the JVM");
        }
        if (placeholders.contains(variable)) {
            return Optional.of("${" + variable + "} in the " + service.module() + " defaults");
        }
        ConfigurationPropertySource source = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "set")));
        for (ConfigurationPropertyName property : properties) {
            if (source.getConfigurationProperty(property) != null) {
                return Optional.of(property.toString());
            }
        }
        for (ConfigurationPropertyName collection : collections) {
            if (source.containsDescendantOf(collection) == ConfigurationPropertyState.PRESENT) {
                return Optional.of(collection + "[…]");
            }
        }
        return Optional.empty();
    }

    /** The variables among {@code variables} that set nothing in the service, sorted. */
    List<String> unbound(Collection<String> variables) {
        return variables.stream()
                .filter(variable -> target(variable).isEmpty())
                .sorted()
                .toList();
    }

    /**
     * Property names with their types: the service's own metadata and every library's, but not the other service's.
     */
    private static Map<String, String> metadata(Application service) {
        Map<String, String> names = new LinkedHashMap<>();
        List<Path> otherServices = Arrays.stream(Application.values())
                .filter(other -> other != service)
                .map(Application::codeSource)
                .toList();
        List<URL> all = resources(service);
        if (all.stream().noneMatch(url -> isInside(url, service.codeSource()))) {
            throw new IllegalStateException("no " + METADATA + " in " + service.codeSource() + ": does "
                    + service.module() + " run spring-boot-configuration-processor?");
        }
        for (URL url : all) {
            if (otherServices.stream().anyMatch(other -> isInside(url, other))) {
                continue;
            }
            try (InputStream in = url.openStream()) {
                JsonNode root = JSON.readTree(in);
                for (JsonNode property : root.path("properties")) {
                    names.putIfAbsent(
                            property.path("name").stringValue(),
                            property.path("type").asString(""));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static List<URL> resources(Application service) {
        try {
            Enumeration<URL> found = service.application().getClassLoader().getResources(METADATA);
            return Collections.list(found);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isInside(URL metadata, Path codeSource) {
        String location = metadata.toString();
        try {
            String root = codeSource.toUri().toURL().toString();
            return location.startsWith(root) || location.startsWith("jar:" + root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
