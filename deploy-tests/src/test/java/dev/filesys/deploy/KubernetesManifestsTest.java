package dev.filesys.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.unit.DataSize;

/**
 * The Kubernetes manifests against the applications: the ports, probe paths, environment names and volumes of every
 * container agree with what the services serve and bind; every container runs as non-root with a read-only root
 * filesystem, no capabilities and resources set; shutdown is graceful; the balancers find the file-services through the
 * headless Service. Runs for the base and for each overlay (rendered with placeholder secrets). That the probe paths
 * answer in a running application is {@link RunningApplicationsTest}'s part; that no secret is committed,
 * {@link SecretHygieneTest}'s.
 */
class KubernetesManifestsTest {

    static Stream<String> kustomizations() {
        return Stream.of("base", "overlays/production", "overlays/local");
    }

    static Stream<String> overlays() {
        return Stream.of("overlays/production", "overlays/local");
    }

    @Test
    void theBaseHoldsTheWholeApplicationButNoSecret() {
        Manifests base = Manifests.render("base");

        assertThat(base.named(Namespace.class, "filesys").getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(base.named(Deployment.class, "balancer").getSpec().getReplicas())
                .isEqualTo(2);
        assertThat(base.named(Deployment.class, "edge").getSpec().getReplicas()).isEqualTo(2);
        assertThat(base.named(StatefulSet.class, "file-service")).isNotNull();
        assertThat(base.all(Service.class))
                .extracting(service -> service.getMetadata().getName())
                .containsExactlyInAnyOrder("balancer", "file-service", "file-service-headless", "edge");
        assertThat(base.named(HorizontalPodAutoscaler.class, "file-service")).isNotNull();
        assertThat(base.named(Ingress.class, "edge")).isNotNull();
        assertThat(base.all(NetworkPolicy.class)).isNotEmpty();
        assertThat(base.all(PodDisruptionBudget.class))
                .extracting(budget -> budget.getMetadata().getName())
                .containsExactlyInAnyOrder("balancer", "file-service", "edge");
        assertThat(base.all(Secret.class))
                .as("secrets come from the overlays' generators, so applying the base never overwrites real ones")
                .isEmpty();
        assertThat(base.all())
                .allSatisfy(object -> assertThat(object.getMetadata().getNamespace())
                        .as("%s %s", object.getKind(), object.getMetadata().getName())
                        .isIn("filesys", null));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyContainerRunsAsNonRootWithoutPrivilegesAndWithResources(String kustomization) {
        List<Workload> workloads = Workload.all(Manifests.render(kustomization));
        assertThat(workloads).isNotEmpty();

        for (Workload workload : workloads) {
            PodSecurityContext pod = workload.pod().getSecurityContext();
            SecurityContext container = workload.container().getSecurityContext();
            String where = kustomization + ": " + workload.describe();
            assertThat(pod).as(where).isNotNull();
            assertThat(container).as(where).isNotNull();
            assertThat(first(container.getRunAsNonRoot(), pod.getRunAsNonRoot()))
                    .as(where + " runAsNonRoot")
                    .isTrue();
            Long user = first(container.getRunAsUser(), pod.getRunAsUser());
            assertThat(user).as(where + " runAsUser").isNotNull().isPositive();
            if (workload.service().isPresent()) {
                assertThat(user)
                        .as(where + ": the image's user (Dockerfile USER)")
                        .isEqualTo(Dockerfile.read().userId());
                assertThat(first(container.getRunAsGroup(), pod.getRunAsGroup()))
                        .as(where + ": the image's group")
                        .isEqualTo(Dockerfile.read().groupId());
            }
            assertThat(container.getAllowPrivilegeEscalation())
                    .as(where + " allowPrivilegeEscalation")
                    .isFalse();
            assertThat(container.getReadOnlyRootFilesystem())
                    .as(where + " readOnlyRootFilesystem")
                    .isTrue();
            assertThat(container.getCapabilities().getDrop())
                    .as(where + " drops capabilities")
                    .contains("ALL");
            assertThat(container.getCapabilities().getAdd()).as(where).isNullOrEmpty();
            assertThat(container.getPrivileged()).as(where).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getSeccompProfile().getType()).as(where).isEqualTo("RuntimeDefault");
            assertThat(workload.pod().getAutomountServiceAccountToken())
                    .as(where + ": no API access needed")
                    .isFalse();
            assertThat(emptyDirMountPaths(workload))
                    .as(where + ": a writable /tmp on a read-only root filesystem")
                    .contains("/tmp");

            Map<String, Quantity> requests = workload.container().getResources().getRequests();
            Map<String, Quantity> limits = workload.container().getResources().getLimits();
            assertThat(requests).as(where + " requests").containsKeys("cpu", "memory");
            assertThat(limits).as(where + " limits").containsKey("memory");
            assertThat(Quantity.getAmountInBytes(requests.get("memory")))
                    .as(where + ": memory request within the limit")
                    .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get("memory")));
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void portsAndProbePathsAreWhatTheServicesServe(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);
        for (Application service : Application.values()) {
            Workload workload = Workload.of(manifests, service);
            String where = kustomization + ": " + workload.describe();
            int port = service.port(workload.plainEnvironment());
            ContainerPort http = workload.container().getPorts().stream()
                    .filter(candidate -> "http".equals(candidate.getName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(where + " has no port named http"));
            assertThat(http.getContainerPort()).as(where + ": server.port").isEqualTo(port);

            assertProbe(workload, workload.container().getStartupProbe(), "/livez", port, where + " startup");
            assertProbe(workload, workload.container().getLivenessProbe(), "/livez", port, where + " liveness");
            assertProbe(workload, workload.container().getReadinessProbe(), "/readyz", port, where + " readiness");
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyEnvironmentVariableSetsARealSetting(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);
        for (Application service : Application.values()) {
            Workload workload = Workload.of(manifests, service);
            EnvironmentNames names = EnvironmentNames.of(service);
            Set<String> variables = workload.environmentNames();
            variables.forEach(variable -> System.out.println(kustomization + ": " + service.module() + " " + variable
                    + " -> " + names.target(variable).orElse("NOTHING")));
            if (names.awaitingS3Store()) {
                System.out.println("file-service does not bind filesys.storage.type yet: the agreed S3 settings "
                        + EnvironmentNames.AGREED_S3_PROPERTIES + " are accepted on trust until the S3 store lands");
            }
            assertThat(names.unbound(variables))
                    .as(kustomization + ": variables of " + workload.describe() + " that set nothing")
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void shutdownIsGraceful(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);
        for (Application service : Application.values()) {
            Workload workload = Workload.of(manifests, service);
            String where = kustomization + ": " + workload.describe();
            List<String> preStop =
                    workload.container().getLifecycle().getPreStop().getExec().getCommand();
            assertThat(preStop).as(where + " preStop").hasSize(2).first().isEqualTo("sleep");
            Duration pause = Duration.ofSeconds(Long.parseLong(preStop.get(1)));
            Duration grace = Duration.ofSeconds(workload.pod().getTerminationGracePeriodSeconds());
            assertThat(pause)
                    .as(where + ": a pause for the endpoints to drop the pod")
                    .isPositive();
            assertThat(grace)
                    .as(where + ": terminationGracePeriodSeconds longer than preStop plus the graceful shutdown ("
                            + service.shutdownTimeout() + ")")
                    .isGreaterThan(pause.plus(service.shutdownTimeout()));
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void theBalancersFindTheFileServicesThroughTheHeadlessService(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);
        Map<String, String> balancer =
                Workload.of(manifests, Application.BALANCER).plainEnvironment();
        Workload fileService = Workload.of(manifests, Application.FILE_SERVICE);
        Service headless = manifests.named(Service.class, "file-service-headless");

        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses())
                .as("only ready (available) file-services are in the DNS answer")
                .isNotEqualTo(Boolean.TRUE);
        assertThat(selects(headless.getSpec().getSelector(), fileService)).isTrue();
        String name = balancer.get("FILESYS_BALANCER_DISCOVERY_DNS_NAME");
        String namespace = headless.getMetadata().getNamespace();
        assertThat(name)
                .as("the headless Service, by its short name or its full name in the namespace")
                .isIn(
                        headless.getMetadata().getName(),
                        headless.getMetadata().getName() + "." + namespace + ".svc.cluster.local");
        int port = Application.FILE_SERVICE.port(fileService.plainEnvironment());
        assertThat(Integer.parseInt(balancer.get("FILESYS_BALANCER_DISCOVERY_PORT")))
                .as("the port the balancer probes and hands out")
                .isEqualTo(port)
                .isEqualTo(headless.getSpec().getPorts().getFirst().getPort());
        assertThat(balancer.get("FILESYS_BALANCER_DISCOVERY_SCHEME")).isEqualTo("http");

        Map<String, String> files = fileService.plainEnvironment();
        assertThat(files.get("FILESYS_BALANCER_REGISTER"))
                .as("no heartbeats: they would reach one balancer replica and list each server twice")
                .isEqualTo("false");
        EnvVar serverId = fileService.variable("FILESYS_SERVER_ID").orElseThrow();
        assertThat(serverId.getValueFrom().getFieldRef().getFieldPath())
                .as("each pod's id is its name, which the balancer learns from its availability answers")
                .isEqualTo("metadata.name");
        URI balancerUrl = URI.create(files.get("FILESYS_BALANCER_URL"));
        Service balancerService = manifests.named(Service.class, balancerUrl.getHost());
        assertThat(balancerService.getSpec().getPorts().getFirst().getPort()).isEqualTo(balancerUrl.getPort());
        assertThat(selects(balancerService.getSpec().getSelector(), Workload.of(manifests, Application.BALANCER)))
                .isTrue();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void servicesReachTheContainersPorts(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);
        List<Workload> workloads = Workload.all(manifests);
        for (Service service : manifests.all(Service.class)) {
            List<Workload> selected = workloads.stream()
                    .filter(workload -> !(workload.owner() instanceof Job))
                    .filter(workload -> selects(service.getSpec().getSelector(), workload))
                    .toList();
            String where = kustomization + ": Service " + service.getMetadata().getName();
            assertThat(selected).as(where + " selects pods").isNotEmpty();
            for (ServicePort port : service.getSpec().getPorts()) {
                IntOrString target = port.getTargetPort();
                assertThat(selected)
                        .as(where + " port " + port.getName() + " reaches a container port")
                        .anyMatch(workload ->
                                containerPort(workload.container(), target).isPresent());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void theFileServicesScaleAndDrainWithoutLosingTheirData(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);
        Workload fileService = Workload.of(manifests, Application.FILE_SERVICE);
        HorizontalPodAutoscaler autoscaler = manifests.named(HorizontalPodAutoscaler.class, "file-service");
        PodDisruptionBudget budget = manifests.named(PodDisruptionBudget.class, "file-service");

        StatefulSet set = (StatefulSet) fileService.owner();
        assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("StatefulSet");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName())
                .isEqualTo(set.getMetadata().getName());
        assertThat(set.getSpec().getReplicas())
                .as("no replicas where the autoscaler owns the count: applying again must not reset it")
                .isNull();
        assertThat(set.getSpec().getPodManagementPolicy())
                .as("stateless pods start and stop in parallel")
                .isEqualTo("Parallel");
        assertThat(set.getSpec().getServiceName())
                .as("pod names resolve under the headless Service, where the edge finds them")
                .isEqualTo("file-service-headless");
        assertThat(set.getSpec().getVolumeClaimTemplates())
                .as("no state of its own")
                .isNullOrEmpty();
        assertThat(autoscaler.getSpec().getMinReplicas())
                .as("a voluntary disruption still leaves a file-service")
                .isGreaterThanOrEqualTo(2)
                .isLessThanOrEqualTo(autoscaler.getSpec().getMaxReplicas());
        assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(fileService.selectorLabels());
        assertThat(manifests
                        .named(PodDisruptionBudget.class, "balancer")
                        .getSpec()
                        .getSelector()
                        .getMatchLabels())
                .isEqualTo(((Deployment)
                                Workload.of(manifests, Application.BALANCER).owner())
                        .getSpec()
                        .getSelector()
                        .getMatchLabels());

        Map<String, String> files = fileService.plainEnvironment();
        assertThat(files.get("FILESYS_STORAGE_TYPE"))
                .as("blobs in S3-compatible storage shared by every replica")
                .isEqualTo("s3");
        String root = files.getOrDefault(
                "FILESYS_STORAGE_ROOT", Dockerfile.read().environment().get("FILESYS_STORAGE_ROOT"));
        assertThat(emptyDirMountPaths(fileService))
                .as("the storage root (staging) " + root + " is on a writable volume")
                .anyMatch(mount -> Path.of(root).startsWith(mount));

        // an emptyDir reports the node's free space, not its sizeLimit: the service must be told the limit, and it
        // must leave room for the largest file above the free-space floor
        long sizeLimit = stagingVolumeSizeLimit(fileService, root);
        assertThat(files.get("FILESYS_STORAGE_S3_STAGING_LIMIT"))
                .as("the staging limit is the emptyDir's sizeLimit")
                .isNotNull();
        long stagingLimit =
                DataSize.parse(files.get("FILESYS_STORAGE_S3_STAGING_LIMIT")).toBytes();
        long minFree = DataSize.parse(files.getOrDefault("FILESYS_STORAGE_MIN_FREE_SPACE", "512MB"))
                .toBytes();
        long maxFile = DataSize.parse(files.getOrDefault("FILESYS_STORAGE_MAX_FILE_SIZE", "5GB"))
                .toBytes();
        assertThat(stagingLimit).isEqualTo(sizeLimit);
        assertThat(stagingLimit - minFree).isGreaterThanOrEqualTo(maxFile);
    }

    @Test
    void theBalancersShareTheSigningKeysFromASecret() {
        for (String kustomization : kustomizations().toList()) {
            Manifests manifests = Manifests.render(kustomization);
            Workload balancer = Workload.of(manifests, Application.BALANCER);
            Path keysFile = Path.of(balancer.plainEnvironment().get("FILESYS_SIGNING_KEYS_FILE"));
            VolumeMount mount = balancer.container().getVolumeMounts().stream()
                    .filter(candidate -> keysFile.startsWith(candidate.getMountPath()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(kustomization + ": " + keysFile + " is on no volume"));
            Volume volume = balancer.pod().getVolumes().stream()
                    .filter(candidate -> candidate.getName().equals(mount.getName()))
                    .findFirst()
                    .orElseThrow();
            assertThat(mount.getReadOnly()).isTrue();
            String secretName = volume.getSecret().getSecretName();
            assertThat(secretName).startsWith("filesys-signing-keys");
            if (!kustomization.equals("base")) {
                Secret secret = manifests.secret(secretName).orElseThrow();
                assertThat(secret.getData())
                        .as(kustomization + ": the mounted file is a key of the Secret")
                        .containsKey(Path.of(mount.getMountPath())
                                .relativize(keysFile)
                                .toString());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyReferencedSecretAndConfigMapExistsWithItsKeys(String overlay) {
        Manifests manifests = Manifests.render(overlay);
        for (Workload workload : Workload.all(manifests)) {
            String where = overlay + ": " + workload.describe();
            for (EnvFromSource source : workload.envFrom()) {
                if (source.getSecretRef() != null) {
                    assertThat(manifests.secret(source.getSecretRef().getName()))
                            .as(where + " envFrom " + source.getSecretRef().getName())
                            .isPresent();
                } else {
                    assertThat(manifests.configMap(source.getConfigMapRef().getName()))
                            .as(where + " envFrom " + source.getConfigMapRef().getName())
                            .isPresent();
                }
            }
            for (EnvVar variable : workload.env()) {
                if (variable.getValueFrom() == null) {
                    continue;
                }
                var secretKey = variable.getValueFrom().getSecretKeyRef();
                var configKey = variable.getValueFrom().getConfigMapKeyRef();
                if (secretKey != null) {
                    assertThat(manifests.secret(secretKey.getName()).map(Secret::getData))
                            .as(where + " " + variable.getName())
                            .hasValueSatisfying(data -> assertThat(data).containsKey(secretKey.getKey()));
                }
                if (configKey != null) {
                    assertThat(manifests.configMap(configKey.getName()).map(map -> map.getData()))
                            .as(where + " " + variable.getName())
                            .hasValueSatisfying(data -> assertThat(data).containsKey(configKey.getKey()));
                }
            }
            for (Volume volume : workload.pod().getVolumes() == null
                    ? List.<Volume>of()
                    : workload.pod().getVolumes()) {
                if (volume.getSecret() != null) {
                    String name = volume.getSecret().getSecretName();
                    assertThat(manifests.secret(name).isPresent() || issuedByCertManager(manifests, name))
                            .as(where + " volume " + volume.getName() + ": Secret " + name
                                    + " is generated, or cert-manager issues it for an Ingress")
                            .isTrue();
                }
                if (volume.getConfigMap() != null) {
                    assertThat(manifests.configMap(volume.getConfigMap().getName()))
                            .as(where + " volume " + volume.getName())
                            .isPresent();
                }
            }
        }
        assertThat(manifests.all())
                .allSatisfy(object -> assertThat(object.getMetadata().getNamespace())
                        .as("%s %s", object.getKind(), object.getMetadata().getName())
                        .isIn("filesys", null));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void theEdgeRunsTheOneConfigurationFileAndSendsClientsToTheFileServicesByName(String kustomization)
            throws IOException {
        Manifests manifests = Manifests.render(kustomization);
        Deployment edge = manifests.named(Deployment.class, "edge");
        PodSpec pod = edge.getSpec().getTemplate().getSpec();
        Container nginx = pod.getContainers().getFirst();
        String where = kustomization + ": the edge";

        // the template k8s ships is the repository's file, byte for byte (the one docker compose and the multi-host
        // tests run), rendered by the image from /etc/nginx/templates with the addresses of the edge-config ConfigMap
        Volume templateVolume = volumeMountedAt(pod, nginx, "/etc/nginx/templates");
        String template = Repository.read("k8s/base/edge/filesys-edge.conf.template");
        assertThat(manifests
                        .configMap(templateVolume.getConfigMap().getName())
                        .orElseThrow()
                        .getData())
                .as(where + ": the template ConfigMap")
                .containsEntry("filesys-edge.conf.template", template);
        Map<String, String> addresses = edgeAddresses(manifests);
        Set<String> used = Pattern.compile("\\$\\{(FILESYS_EDGE_[A-Z_]+)}")
                .matcher(template)
                .results()
                .map(match -> match.group(1))
                .collect(Collectors.toSet());
        assertThat(addresses)
                .as(where + ": a value for every variable of the template")
                .containsKeys(used.toArray(String[]::new));
        assertThat(addresses.get("NGINX_ENVSUBST_FILTER"))
                .as(where + ": only the template's variables are substituted, never nginx's own")
                .isEqualTo("^FILESYS_EDGE_");

        // /s/{id} -> {id}.<headless Service>: the pods of the StatefulSet, on their port
        Service headless = manifests.named(Service.class, "file-service-headless");
        String namespace = headless.getMetadata().getNamespace();
        assertThat(addresses.get("FILESYS_EDGE_FILE_SERVICE_DOMAIN"))
                .isEqualTo("file-service-headless." + namespace + ".svc.cluster.local");
        int fileServicePort = Application.FILE_SERVICE.port(
                Workload.of(manifests, Application.FILE_SERVICE).plainEnvironment());
        assertThat(template)
                .contains("proxy_pass http://$filesys_server_id.${FILESYS_EDGE_FILE_SERVICE_DOMAIN}:" + fileServicePort
                        + "$filesys_server_uri;");
        URI balancer = URI.create("http://" + addresses.get("FILESYS_EDGE_BALANCER"));
        Service balancerService = manifests.named(Service.class, "balancer");
        assertThat(balancer.getHost()).isEqualTo("balancer." + namespace + ".svc.cluster.local");
        assertThat(balancer.getPort())
                .isEqualTo(balancerService.getSpec().getPorts().getFirst().getPort());

        // streaming, no body cap, bounded connects, long transfers, the forwarded headers the services read
        assertThat(template)
                .contains("client_max_body_size 0;")
                .contains("proxy_request_buffering off;")
                .contains("proxy_buffering off;")
                .contains("proxy_connect_timeout 2s;")
                .contains("proxy_read_timeout 1h;")
                .contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;")
                .contains("proxy_set_header X-Forwarded-Proto https;")
                .contains("proxy_set_header X-Forwarded-Host $http_host;")
                .contains("proxy_set_header X-Forwarded-Prefix /s/$filesys_server_id;")
                .contains("\"code\":\"UNKNOWN_SERVER\"");

        // TLS ends here, with the certificate of the Ingress' host
        Volume tls = volumeMountedAt(pod, nginx, "/etc/nginx/tls");
        Ingress ingress = manifests.named(Ingress.class, "edge");
        String host = addresses.get("FILESYS_EDGE_HOST");
        assertThat(ingress.getSpec().getTls().getFirst().getSecretName())
                .isEqualTo(tls.getSecret().getSecretName());
        assertThat(ingress.getSpec().getTls().getFirst().getHosts()).containsExactly(host);
        assertThat(ingress.getSpec().getRules().getFirst().getHost()).isEqualTo(host);
        assertThat(ingress.getMetadata().getAnnotations()).containsKey("cert-manager.io/cluster-issuer");
        assertThat(ingress.getSpec()
                        .getRules()
                        .getFirst()
                        .getHttp()
                        .getPaths()
                        .getFirst()
                        .getBackend()
                        .getService()
                        .getName())
                .isEqualTo("edge");

        // the services advertise the edge's URLs and believe its forwarded headers
        Map<String, String> files =
                Workload.of(manifests, Application.FILE_SERVICE).plainEnvironment();
        Map<String, String> balancers =
                Workload.of(manifests, Application.BALANCER).plainEnvironment();
        assertThat(files.get("FILESYS_SERVER_PUBLIC_URL")).isEqualTo("https://" + host + "/s/${filesys.server.id}");
        assertThat(balancers.get("FILESYS_BALANCER_PUBLIC_URL")).isEqualTo("https://" + host);
        assertThat(files.get("FILESYS_TRUSTED_PROXIES")).isNotBlank();
        assertThat(balancers.get("FILESYS_TRUSTED_PROXIES")).isNotBlank();

        // probes on the plain listener's /healthz
        int http = Integer.parseInt(addresses.get("FILESYS_EDGE_HTTP_LISTEN"));
        assertThat(nginx.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(containerPort(nginx, nginx.getReadinessProbe().getHttpGet().getPort()))
                .hasValue(http);
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void networkPoliciesDenyByDefaultAndTheEdgeReachesOnlyTheServices(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);
        List<NetworkPolicy> policies = manifests.all(NetworkPolicy.class);
        NetworkPolicy deny = manifests.named(NetworkPolicy.class, "default-deny");
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();

        // every way out of the edge: DNS, the balancers' and the file-services' HTTP ports; nothing else
        List<String> edgeEgress = egressOf(policies, Map.of("app.kubernetes.io/name", "edge"));
        assertThat(edgeEgress)
                .containsExactlyInAnyOrder(
                        "kube-dns:UDP/53", "kube-dns:TCP/53", "balancer:TCP/8080", "file-service:TCP/8081");

        // PostgreSQL and the object store: only the file-services may reach them
        for (String store : List.of("5432", "443", "9000")) {
            for (String pods : List.of("edge", "balancer")) {
                assertThat(egressOf(policies, Map.of("app.kubernetes.io/name", pods)))
                        .as(kustomization + ": " + pods + " reaches port " + store)
                        .noneMatch(rule -> rule.endsWith("/" + store));
            }
        }
        assertThat(egressOf(policies, Map.of("app.kubernetes.io/name", "file-service")))
                .as(kustomization + ": the file-services reach PostgreSQL")
                .anyMatch(rule -> rule.endsWith("TCP/5432"));

        // nobody but the edge and the balancers talks to a file-service's HTTP port; metrics only from monitoring
        NetworkPolicy files = manifests.named(NetworkPolicy.class, "file-service");
        assertThat(files.getSpec().getIngress())
                .allSatisfy(rule -> assertThat(rule.getFrom()).isNotEmpty());
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void metricsAndApiDocsAreOnAManagementPortNoServiceOrEdgeExposes(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);
        for (Application service : Application.values()) {
            Workload workload = Workload.of(manifests, service);
            String where = kustomization + ": " + workload.describe();
            int management = Integer.parseInt(workload.plainEnvironment().get("MANAGEMENT_SERVER_PORT"));
            assertThat(containerPort(workload.container(), new IntOrString("management")))
                    .as(where + ": a container port named management")
                    .hasValue(management);
            assertThat(management).isNotEqualTo(service.port(workload.plainEnvironment()));
            for (Service exposed : manifests.all(Service.class)) {
                if (selects(exposed.getSpec().getSelector(), workload)) {
                    assertThat(exposed.getSpec().getPorts())
                            .as(where + ": Service " + exposed.getMetadata().getName())
                            .noneMatch(port -> port.getPort() == management
                                    || "management".equals(port.getTargetPort().getStrVal())
                                    || Integer.valueOf(management)
                                            .equals(port.getTargetPort().getIntVal()));
                }
            }
            assertThat(egressOf(manifests.all(NetworkPolicy.class), Map.of("app.kubernetes.io/name", "edge")))
                    .noneMatch(rule -> rule.endsWith("/" + management));
        }
        if (kustomization.equals("overlays/production")) {
            var monitor = manifests.all().stream()
                    .filter(object -> object.getKind().equals("PodMonitor"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("production has no PodMonitor"));
            String yaml = io.fabric8.kubernetes.client.utils.Serialization.asYaml(monitor);
            assertThat(yaml)
                    .contains("port: \"management\"")
                    .contains("path: \"/actuator/prometheus\"")
                    .contains("balancer")
                    .contains("file-service");
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyObjectCarriesTheRecommendedLabels(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);
        for (HasMetadata object : manifests.all()) {
            assertThat(object.getMetadata().getLabels())
                    .as(kustomization + ": " + object.getKind() + " "
                            + object.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/part-of", "filesys");
        }
        for (Workload workload : Workload.all(manifests)) {
            if (workload.owner() instanceof Job) {
                continue;
            }
            assertThat(workload.owner().getMetadata().getLabels())
                    .as(kustomization + ": " + workload.describe())
                    .containsKeys(
                            "app.kubernetes.io/name",
                            "app.kubernetes.io/component",
                            "app.kubernetes.io/version",
                            "app.kubernetes.io/instance",
                            "app.kubernetes.io/managed-by");
            assertThat(workload.podLabels())
                    .as(kustomization + ": pods of " + workload.describe())
                    .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/component");
        }
    }

    @Test
    void readingWithoutKubectlFindsTheSameObjects() {
        for (String kustomization : kustomizations().toList()) {
            Manifests direct = Manifests.parseDirectly(kustomization);
            assertThat(direct.all()).as(kustomization).isNotEmpty();
            if (Manifests.kubectlInstalled()) {
                assertThat(names(direct))
                        .as(kustomization + ": the same objects as kubectl kustomize")
                        .containsExactlyInAnyOrderElementsOf(names(Manifests.render(kustomization)));
            }
        }
    }

    private static List<String> names(Manifests manifests) {
        return manifests.all().stream()
                .map(object -> object.getKind() + "/"
                        + object.getMetadata().getName().replaceFirst("-[a-z0-9]{10}$", "") + "@"
                        + object.getMetadata().getNamespace())
                .toList();
    }

    private static void assertProbe(Workload workload, Probe probe, String path, int port, String where) {
        assertThat(probe).as(where).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(where + " is an HTTP GET").isNotNull();
        assertThat(get.getPath()).as(where + " path").isEqualTo(path);
        assertThat(containerPort(workload.container(), get.getPort()))
                .as(where + " port")
                .contains(port);
    }

    private static Optional<Integer> containerPort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return container.getPorts().stream()
                    .map(ContainerPort::getContainerPort)
                    .filter(port.getIntVal()::equals)
                    .findFirst();
        }
        return container.getPorts().stream()
                .filter(candidate -> port.getStrVal().equals(candidate.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst();
    }

    private static boolean selects(Map<String, String> selector, Workload workload) {
        Map<String, String> labels = workload.podLabels() == null ? Map.of() : workload.podLabels();
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    /** The sizeLimit of the emptyDir the storage root is on, in bytes. */
    private static long stagingVolumeSizeLimit(Workload workload, String root) {
        VolumeMount mount = workload.container().getVolumeMounts().stream()
                .filter(candidate -> Path.of(root).startsWith(candidate.getMountPath()))
                .findFirst()
                .orElseThrow();
        Volume volume = workload.pod().getVolumes().stream()
                .filter(candidate -> candidate.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow();
        return Quantity.getAmountInBytes(volume.getEmptyDir().getSizeLimit()).longValueExact();
    }

    private static List<String> emptyDirMountPaths(Workload workload) {
        List<Volume> volumes =
                workload.pod().getVolumes() == null ? List.of() : workload.pod().getVolumes();
        Set<String> emptyDirs = volumes.stream()
                .filter(volume -> volume.getEmptyDir() != null)
                .map(Volume::getName)
                .collect(Collectors.toSet());
        List<VolumeMount> mounts = workload.container().getVolumeMounts() == null
                ? List.of()
                : workload.container().getVolumeMounts();
        return mounts.stream()
                .filter(mount -> emptyDirs.contains(mount.getName()))
                .map(VolumeMount::getMountPath)
                .toList();
    }

    @SafeVarargs
    private static <T> T first(T... candidates) {
        for (T candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    /** The edge's addresses: the edge-config ConfigMap it takes its environment from. */
    private static Map<String, String> edgeAddresses(Manifests manifests) {
        Container nginx = manifests
                .named(Deployment.class, "edge")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst();
        Map<String, String> addresses = new java.util.LinkedHashMap<>();
        for (EnvFromSource source : nginx.getEnvFrom()) {
            manifests.configMap(source.getConfigMapRef().getName()).ifPresent(map -> addresses.putAll(map.getData()));
        }
        return addresses;
    }

    private static Volume volumeMountedAt(PodSpec pod, Container container, String path) {
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(candidate -> candidate.getMountPath().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing is mounted at " + path));
        return pod.getVolumes().stream()
                .filter(volume -> volume.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow();
    }

    /** A TLS Secret that cert-manager creates for an Ingress it is asked to by an annotation. */
    private static boolean issuedByCertManager(Manifests manifests, String secretName) {
        return manifests.all(Ingress.class).stream()
                .filter(ingress -> ingress.getMetadata().getAnnotations() != null
                        && ingress.getMetadata().getAnnotations().keySet().stream()
                                .anyMatch(key -> key.startsWith("cert-manager.io/")))
                .flatMap(ingress -> ingress.getSpec().getTls().stream())
                .anyMatch(tls -> secretName.equals(tls.getSecretName()));
    }

    /**
     * Every egress the policies allow pods with {@code labels}: {@code <peer>:<protocol>/<port>}, the peer named by its
     * pods' {@code app.kubernetes.io/name} (or {@code k8s-app} for the cluster DNS), {@code any} for an ipBlock.
     */
    private static List<String> egressOf(List<NetworkPolicy> policies, Map<String, String> labels) {
        List<String> allowed = new java.util.ArrayList<>();
        for (NetworkPolicy policy : policies) {
            var selector = policy.getSpec().getPodSelector();
            boolean applies = (selector.getMatchLabels() == null
                            || labels.entrySet()
                                    .containsAll(selector.getMatchLabels().entrySet()))
                    && (selector.getMatchExpressions() == null
                            || selector.getMatchExpressions().isEmpty());
            if (!applies || policy.getSpec().getEgress() == null) {
                continue;
            }
            for (var rule : policy.getSpec().getEgress()) {
                List<String> peers = rule.getTo() == null || rule.getTo().isEmpty()
                        ? List.of("any")
                        : rule.getTo().stream()
                                .map(peer -> peer.getIpBlock() != null
                                        ? "any"
                                        : peer.getPodSelector() == null
                                                ? "namespace"
                                                : peer.getPodSelector()
                                                        .getMatchLabels()
                                                        .getOrDefault(
                                                                "app.kubernetes.io/name",
                                                                peer.getPodSelector()
                                                                        .getMatchLabels()
                                                                        .getOrDefault("k8s-app", "pods")))
                                .toList();
                for (String peer : peers) {
                    for (var port : rule.getPorts()) {
                        allowed.add(peer + ":" + port.getProtocol() + "/"
                                + port.getPort().getIntVal());
                    }
                }
            }
        }
        return allowed;
    }
}
