package dev.filesys.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes objects of one kustomization under {@code k8s/}, as they would be applied, in fabric8's model.
 *
 * <p>With {@code kubectl} on the PATH they are rendered by {@code kubectl kustomize}. Without it, the files are parsed
 * directly: resources (recursively), the namespace, Secret and ConfigMap generators and image overrides are applied,
 * patches and labels are not (the output says which was used). Either way the tree is rendered from a copy in which
 * every {@code secrets/*.example} file stands in for the git-ignored secret file next to it, so a developer's real
 * secrets are never read, and what a generator produces from the placeholders can be checked.
 */
final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final String kustomization;
    private final List<HasMetadata> objects;
    private final String how;

    private Manifests(String kustomization, List<HasMetadata> objects, String how) {
        this.kustomization = kustomization;
        this.objects = List.copyOf(objects);
        this.how = how;
    }

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    /**
     * The objects of a kustomization, rendered once per test run.
     *
     * @param kustomization a directory below {@code k8s/}, e.g. {@code base} or {@code overlays/local}
     */
    static Manifests render(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization, name -> render(name, kubectl()));
    }

    /** The objects of a kustomization, read without kubectl even if it is installed (to test that way of reading). */
    static Manifests parseDirectly(String kustomization) {
        return render(kustomization, Optional.empty());
    }

    static boolean kubectlInstalled() {
        return kubectl().isPresent();
    }

    private static Manifests render(String kustomization, Optional<Path> kubectl) {
        Path dir = copyWithPlaceholderSecrets().resolve(kustomization);
        Manifests manifests = kubectl.isPresent()
                ? new Manifests(kustomization, parse(kubectlKustomize(kubectl.get(), dir)), "kubectl kustomize")
                : new Manifests(
                        kustomization,
                        new DirectParse().load(dir),
                        "files parsed directly, without kubectl (resources, namespace, generators and images;"
                                + " patches and labels not applied)");
        System.out.println(
                "k8s/" + kustomization + ": " + manifests.how + ", " + manifests.objects.size() + " objects");
        return manifests;
    }

    String kustomization() {
        return kustomization;
    }

    String how() {
        return how;
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream()
                .filter(object -> object.getMetadata().getName().equals(name))
                .findFirst();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return find(type, name)
                .orElseThrow(() -> new AssertionError(
                        "k8s/" + kustomization + " has no " + type.getSimpleName() + " named " + name));
    }

    /**
     * The Secret a reference names: exactly, or with the hash suffix a generator adds ({@code name-6f2k8h9c4b}).
     */
    Optional<Secret> secret(String name) {
        return generated(Secret.class, name);
    }

    Optional<ConfigMap> configMap(String name) {
        return generated(ConfigMap.class, name);
    }

    private <T extends HasMetadata> Optional<T> generated(Class<T> type, String name) {
        return all(type).stream()
                .filter(object -> object.getMetadata().getName().equals(name)
                        || object.getMetadata().getName().matches(Pattern.quote(name) + "-[a-z0-9]{10}"))
                .findFirst();
    }

    private static List<HasMetadata> parse(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        List<HasMetadata> objects = new ArrayList<>();
        switch (parsed) {
            case KubernetesList list -> objects.addAll(list.getItems());
            case List<?> list -> list.forEach(item -> objects.add((HasMetadata) item));
            case HasMetadata single -> objects.add(single);
            case null -> {}
            default -> throw new IllegalStateException("not Kubernetes objects: " + parsed.getClass());
        }
        return objects;
    }

    private static Optional<Path> kubectl() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static String kubectlKustomize(Path kubectl, Path dir) {
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectErrorStream(false)
                    .start();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(
                        "kubectl kustomize " + dir + " failed: " + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A copy of {@code k8s/} without real secret files, each {@code secrets/x.example} copied to {@code secrets/x}. */
    private static Path copyWithPlaceholderSecrets() {
        try {
            Path source = Repository.path("k8s");
            Path target = Files.createTempDirectory("filesys-k8s-").resolve("k8s");
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Path relative = source.relativize(file);
                    Path copy = target.resolve(relative.toString());
                    boolean secretFile =
                            isInSecretsDirectory(relative) && !file.toString().endsWith(".example");
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else if (!secretFile) {
                        Files.copy(file, copy);
                        if (isInSecretsDirectory(relative)) {
                            String name = copy.getFileName().toString();
                            Files.copy(
                                    file, copy.resolveSibling(name.substring(0, name.length() - ".example".length())));
                        }
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isInSecretsDirectory(Path relative) {
        return relative.getParent() != null
                && relative.getParent().getFileName().toString().equals("secrets");
    }

    /** Enough of kustomize to read the tree without kubectl: see the class comment for what it leaves out. */
    private static final class DirectParse {

        @SuppressWarnings("unchecked")
        List<HasMetadata> load(Path dir) {
            Map<String, Object> kustomization = yaml(dir.resolve("kustomization.yaml"));
            List<HasMetadata> objects = new ArrayList<>();
            for (String resource : strings(kustomization.get("resources"))) {
                Path path = dir.resolve(resource).normalize();
                if (Files.isDirectory(path)) {
                    objects.addAll(load(path));
                } else {
                    objects.addAll(parse(read(path)));
                }
            }
            for (Map<String, Object> generator : maps(kustomization.get("secretGenerator"))) {
                SecretBuilder secret = new SecretBuilder()
                        .withNewMetadata()
                        .withName((String) generator.get("name"))
                        .endMetadata();
                data(dir, generator)
                        .forEach((key, value) -> secret.addToData(
                                key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
                objects.add(secret.build());
            }
            for (Map<String, Object> generator : maps(kustomization.get("configMapGenerator"))) {
                objects.add(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName((String) generator.get("name"))
                        .endMetadata()
                        .withData(data(dir, generator))
                        .build());
            }
            Object namespace = kustomization.get("namespace");
            if (namespace != null) {
                objects.stream()
                        .filter(object -> !(object instanceof Namespace))
                        .forEach(object -> object.getMetadata().setNamespace((String) namespace));
            }
            for (Map<String, Object> image : maps(kustomization.get("images"))) {
                objects.forEach(object -> renameImage(object, image));
            }
            return objects;
        }

        private static void renameImage(HasMetadata object, Map<String, Object> image) {
            if (!(object instanceof Deployment deployment)) {
                return;
            }
            deployment.getSpec().getTemplate().getSpec().getContainers().forEach(container -> {
                String[] parts = container.getImage().split(":", 2);
                if (parts[0].equals(image.get("name"))) {
                    String name = (String) image.getOrDefault("newName", parts[0]);
                    String tag = (String) image.getOrDefault("newTag", parts.length > 1 ? parts[1] : "latest");
                    container.setImage(name + ":" + tag);
                }
            });
        }

        private static Map<String, String> data(Path dir, Map<String, Object> generator) {
            Map<String, String> data = new LinkedHashMap<>();
            for (String env : strings(generator.get("envs"))) {
                for (String line : read(dir.resolve(env)).split("\n")) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        String[] pair = line.split("=", 2);
                        data.put(pair[0].trim(), pair.length > 1 ? pair[1] : "");
                    }
                }
            }
            for (String file : strings(generator.get("files"))) {
                String[] pair = file.split("=", 2);
                String key = pair.length > 1
                        ? pair[0]
                        : Path.of(pair[0]).getFileName().toString();
                data.put(key, read(dir.resolve(pair.length > 1 ? pair[1] : pair[0])));
            }
            for (String literal : strings(generator.get("literals"))) {
                String[] pair = literal.split("=", 2);
                data.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
            return data;
        }

        private static Map<String, Object> yaml(Path file) {
            return new Yaml().load(read(file));
        }

        @SuppressWarnings("unchecked")
        private static List<String> strings(Object value) {
            return value == null ? List.of() : (List<String>) value;
        }

        @SuppressWarnings("unchecked")
        private static List<Map<String, Object>> maps(Object value) {
            return value == null ? List.of() : (List<Map<String, Object>>) value;
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
