package dev.filesys.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml}, parsed (YAML merge keys applied) and interpolated as Docker Compose does it, with the
 * variables of a given {@code .env}: {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}},
 * {@code ${VAR:?error}} (a missing value is an error), {@code $$} for a literal {@code $}.
 */
final class Compose {

    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final Map<String, Object> root;
    private final Map<String, String> variables;

    private Compose(Map<String, Object> root, Map<String, String> variables) {
        this.root = root;
        this.variables = variables;
    }

    /** The compose file as Docker Compose sees it with {@code variables} as its {@code .env}. */
    static Compose read(Map<String, String> variables) {
        Map<String, Object> root = new Yaml().load(Repository.read("docker-compose.yml"));
        return new Compose(root, variables);
    }

    /** The variables of a {@code .env}-style file: {@code NAME=value} lines, quotes removed. */
    static Map<String, String> dotEnv(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
                continue;
            }
            String[] pair = trimmed.split("=", 2);
            String value = pair[1].strip();
            if (value.length() >= 2
                    && (value.startsWith("'") && value.endsWith("'")
                            || value.startsWith("\"") && value.endsWith("\""))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(pair[0].strip(), value);
        }
        return values;
    }

    /** The variable names the file requires ({@code ${VAR:?…}} or {@code ${VAR?…}}). */
    static List<String> requiredVariables() {
        return VARIABLE.matcher(Repository.read("docker-compose.yml"))
                .results()
                .filter(match -> match.group(2) != null && match.group(2).endsWith("?"))
                .map(match -> match.group(1))
                .distinct()
                .toList();
    }

    Map<String, Object> raw() {
        return root;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> services() {
        return (Map<String, Object>) root.get("services");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> service(String name) {
        Map<String, Object> service = (Map<String, Object>) services().get(name);
        if (service == null) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** A service's environment, interpolated. */
    @SuppressWarnings("unchecked")
    Map<String, String> environment(String service) {
        Object environment = service(service).get("environment");
        Map<String, String> values = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((name, value) ->
                    values.put((String) name, value == null ? "" : interpolate(String.valueOf(value))));
        } else if (environment instanceof List<?> list) {
            for (Object entry : (List<Object>) list) {
                String[] pair = String.valueOf(entry).split("=", 2);
                values.put(pair[0], pair.length > 1 ? interpolate(pair[1]) : "");
            }
        }
        return values;
    }

    /** A service's environment entry as written, before interpolation. */
    @SuppressWarnings("unchecked")
    String rawEnvironment(String service, String name) {
        Object value = ((Map<String, Object>) service(service).get("environment")).get(name);
        return value == null ? null : String.valueOf(value);
    }

    /** {@code "8081:8081"} entries of a service, interpolated: host port to container port. */
    Map<Integer, Integer> ports(String service) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (Object entry : list(service(service).get("ports"))) {
            String[] parts = interpolate(String.valueOf(entry)).split(":");
            ports.put(
                    Integer.parseInt(parts[parts.length - 2]),
                    Integer.parseInt(parts[parts.length - 1].replaceFirst("/.*", "")));
        }
        return ports;
    }

    /** {@code volume:/path} entries of a service: volume or host path to the mount path in the container. */
    Map<String, String> volumes(String service) {
        Map<String, String> volumes = new LinkedHashMap<>();
        for (Object entry : list(service(service).get("volumes"))) {
            String[] parts = interpolate(String.valueOf(entry)).split(":");
            volumes.put(parts[0], parts[1]);
        }
        return volumes;
    }

    List<String> strings(String service, String key) {
        return list(service(service).get(key)).stream()
                .map(value -> interpolate(String.valueOf(value)))
                .toList();
    }

    String interpolate(String text) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else if (matcher.group(4) != null) {
                replacement = variables.getOrDefault(matcher.group(4), "");
            } else {
                String name = matcher.group(1);
                String operator = matcher.group(2);
                String argument = matcher.group(3);
                String value = variables.get(name);
                boolean unset = value == null || operator != null && operator.startsWith(":") && value.isEmpty();
                if (operator == null) {
                    replacement = value == null ? "" : value;
                } else if (operator.endsWith("-")) {
                    replacement = unset ? interpolate(argument) : value;
                } else if (unset) {
                    throw new IllegalArgumentException("docker-compose.yml needs " + name + ": " + argument);
                } else {
                    replacement = value;
                }
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
