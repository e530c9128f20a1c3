package dev.filesys.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One container of a Deployment, StatefulSet or Job in rendered manifests, with its environment as the kubelet would assemble it
 * from {@code env} and {@code envFrom} (ConfigMap and Secret keys; a Secret the manifests do not contain, as in the
 * base, contributes nothing).
 */
record Workload(Manifests manifests, HasMetadata owner, PodSpec pod, Container container) {

    static List<Workload> all(Manifests manifests) {
        List<Workload> workloads = new ArrayList<>();
        for (Deployment deployment : manifests.all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            pod.getContainers()
                    .forEach(container -> workloads.add(new Workload(manifests, deployment, pod, container)));
            initContainers(pod)
                    .forEach(container -> workloads.add(new Workload(manifests, deployment, pod, container)));
        }
        for (StatefulSet set : manifests.all(StatefulSet.class)) {
            PodSpec pod = set.getSpec().getTemplate().getSpec();
            pod.getContainers().forEach(container -> workloads.add(new Workload(manifests, set, pod, container)));
            initContainers(pod).forEach(container -> workloads.add(new Workload(manifests, set, pod, container)));
        }
        for (Job job : manifests.all(Job.class)) {
            PodSpec pod = job.getSpec().getTemplate().getSpec();
            pod.getContainers().forEach(container -> workloads.add(new Workload(manifests, job, pod, container)));
            initContainers(pod).forEach(container -> workloads.add(new Workload(manifests, job, pod, container)));
        }
        return workloads;
    }

    /** The container of the filesys service {@code service} (there is exactly one workload per service). */
    static Workload of(Manifests manifests, Application service) {
        List<Workload> found = all(manifests).stream()
                .filter(workload -> workload.service().filter(service::equals).isPresent())
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("k8s/" + manifests.kustomization() + " has " + found.size() + " containers of "
                    + service.module() + ", expected one");
        }
        return found.getFirst();
    }

    private static List<Container> initContainers(PodSpec pod) {
        return pod.getInitContainers() == null ? List.of() : pod.getInitContainers();
    }

    /** The labels of the workload's pods. */
    Map<String, String> podLabels() {
        return switch (owner) {
            case Deployment deployment ->
                deployment.getSpec().getTemplate().getMetadata().getLabels();
            case StatefulSet set -> set.getSpec().getTemplate().getMetadata().getLabels();
            case Job job -> job.getSpec().getTemplate().getMetadata().getLabels();
            default -> Map.of();
        };
    }

    /** The selector of the workload's pods ({@code spec.selector.matchLabels}; a Job's own is not set). */
    Map<String, String> selectorLabels() {
        return switch (owner) {
            case Deployment deployment -> deployment.getSpec().getSelector().getMatchLabels();
            case StatefulSet set -> set.getSpec().getSelector().getMatchLabels();
            default -> Map.of();
        };
    }

    /** The filesys service the container runs, if it runs one. */
    Optional<Application> service() {
        return Application.ofImage(container.getImage());
    }

    String describe() {
        return owner.getKind() + " " + owner.getMetadata().getName() + ", container " + container.getName();
    }

    /** Every variable name the container gets. */
    Set<String> environmentNames() {
        Set<String> names = new LinkedHashSet<>();
        for (EnvFromSource source : envFrom()) {
            names.addAll(sourceData(source).keySet());
        }
        env().forEach(variable -> names.add(variable.getName()));
        return names;
    }

    /** The variables whose values the manifests hold in plain sight: literal values and ConfigMap entries. */
    Map<String, String> plainEnvironment() {
        Map<String, String> values = new LinkedHashMap<>();
        for (EnvFromSource source : envFrom()) {
            if (source.getConfigMapRef() != null) {
                values.putAll(sourceData(source));
            }
        }
        for (EnvVar variable : env()) {
            if (variable.getValue() != null) {
                values.put(variable.getName(), variable.getValue());
            } else {
                values.remove(variable.getName());
            }
        }
        return values;
    }

    Optional<EnvVar> variable(String name) {
        return env().stream()
                .filter(variable -> variable.getName().equals(name))
                .findFirst();
    }

    List<EnvVar> env() {
        return container.getEnv() == null ? List.of() : container.getEnv();
    }

    List<EnvFromSource> envFrom() {
        return container.getEnvFrom() == null ? List.of() : container.getEnvFrom();
    }

    private Map<String, String> sourceData(EnvFromSource source) {
        if (source.getConfigMapRef() != null) {
            return manifests
                    .configMap(source.getConfigMapRef().getName())
                    .map(ConfigMap::getData)
                    .orElse(Map.of());
        }
        Map<String, String> keys = new LinkedHashMap<>();
        manifests
                .secret(source.getSecretRef().getName())
                .map(Secret::getData)
                .ifPresent(data -> data.keySet().forEach(key -> keys.put(key, null)));
        return keys;
    }
}
