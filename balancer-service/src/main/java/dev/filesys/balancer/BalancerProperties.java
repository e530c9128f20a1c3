package dev.filesys.balancer;

import dev.filesys.support.CorsSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the balancer, under {@code filesys.balancer.*}. Defaults run locally; a deployment changes them
 * through environment variables ({@code FILESYS_CLUSTER_TOKEN}, {@code FILESYS_SIGNING_KEYS}, and the relaxed-binding
 * forms such as {@code FILESYS_BALANCER_POLLING_READ_TIMEOUT}). See {@code docs/balancer.md} for the full table.
 *
 * @param clusterToken the shared secret file-services and operators present on internal endpoints
 * @param servers file-services known from configuration; they never drop out of the registry
 * @param discovery file-services found by resolving a DNS name (Kubernetes: a headless Service)
 * @param heartbeat how often a self-registered file-service renews its registration; its lease is three heartbeats
 * @param polling how servers are asked and how failures are handled
 * @param signing where the auth-code signing keys come from
 * @param authCodeTtl how long an auth code stays valid
 * @param issuer the {@code iss} claim of auth codes
 * @param cors the origins whose pages may call the balancer from a browser (empty: its own origin on the loopback
 *     names)
 */
@Validated
@ConfigurationProperties(prefix = "filesys.balancer")
public record BalancerProperties(
        @NotBlank @DefaultValue(BalancerProperties.DEFAULT_CLUSTER_TOKEN)
        String clusterToken,

        @Valid List<StaticServer> servers,
        @Valid @NotNull @DefaultValue Discovery discovery,
        @NotNull @DefaultValue("5s") Duration heartbeat,
        @Valid @NotNull @DefaultValue Polling polling,
        @Valid @NotNull @DefaultValue Signing signing,
        @NotNull @DefaultValue("30s") Duration authCodeTtl,
        @NotBlank @DefaultValue("filesys-balancer") String issuer,

        @Valid @NotNull @DefaultValue @NestedConfigurationProperty
        CorsSettings cors) {

    /** The cluster token that works out of the box locally, and must never be used in a deployment. */
    public static final String DEFAULT_CLUSTER_TOKEN = "local-dev-cluster-token";

    /** How many heartbeats a registration outlives: a server that misses this many in a row drops out. */
    public static final int LEASE_HEARTBEATS = 3;

    public BalancerProperties {
        servers = servers == null ? List.of() : List.copyOf(servers);
    }

    /** How long a self-registration lasts without a renewal. */
    public Duration lease() {
        return heartbeat.multipliedBy(LEASE_HEARTBEATS);
    }

    @AssertTrue(message = "heartbeat must be positive")
    boolean isHeartbeatPositive() {
        return heartbeat == null || heartbeat.isPositive();
    }

    @AssertTrue(message = "auth-code-ttl must be positive")
    boolean isAuthCodeTtlPositive() {
        return authCodeTtl == null || authCodeTtl.isPositive();
    }

    /**
     * A file-service known from configuration.
     *
     * @param id its id: the audience of its auth codes
     * @param url the base URL clients and the balancer reach it at
     */
    public record StaticServer(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}")
            String id,

            @NotBlank String url) {}

    /**
     * Discovery of file-services through DNS, for several balancer replicas (a heartbeat through a load-balanced
     * Service would reach only one of them): every {@code interval} the name is resolved, each address found is a
     * server at {@code scheme://address:port}, and addresses that vanish drop out. Off while {@code dnsName} is blank.
     *
     * @param dnsName the name to resolve, e.g. {@code file-service-headless.filesys.svc.cluster.local}
     * @param port the port the file-services listen on
     * @param scheme {@code http} or {@code https}
     * @param interval how often the name is resolved again
     */
    public record Discovery(
            String dnsName,
            @Min(1) @Max(65535) @DefaultValue("8081") int port,

            @NotNull @Pattern(regexp = "https?") @DefaultValue("http")
            String scheme,

            @NotNull @DefaultValue("5s") Duration interval) {

        /** Whether a name to resolve is configured. */
        public boolean enabled() {
            return dnsName != null && !dnsName.isBlank();
        }

        @AssertTrue(message = "interval must be positive")
        boolean isIntervalPositive() {
            return interval == null || interval.isPositive();
        }
    }

    /**
     * The failure protocol.
     *
     * @param connectTimeout how long a probe may take to connect
     * @param readTimeout how long a probe may wait for the answer once sent
     * @param fall failures in a row after which a server is DOWN and skipped by requests
     * @param rise answers in a row after which a SUSPECT or DOWN server is UP again
     * @param interval how often the background checker probes SUSPECT and DOWN servers
     * @param retryBackoff the longest pause between two full cycles while a request waits ({@code waitSeconds})
     */
    public record Polling(
            @NotNull @DefaultValue("200ms") Duration connectTimeout,
            @NotNull @DefaultValue("500ms") Duration readTimeout,
            @Min(1) @Max(100) @DefaultValue("3") int fall,
            @Min(1) @Max(100) @DefaultValue("2") int rise,
            @NotNull @DefaultValue("2s") Duration interval,
            @NotNull @DefaultValue("500ms") Duration retryBackoff) {

        @AssertTrue(message = "connect-timeout, read-timeout, interval and retry-backoff must be positive")
        boolean isEveryDurationPositive() {
            return (connectTimeout == null || connectTimeout.isPositive())
                    && (readTimeout == null || readTimeout.isPositive())
                    && (interval == null || interval.isPositive())
                    && (retryBackoff == null || retryBackoff.isPositive());
        }
    }

    /**
     * Where the auth-code signing keys come from: a JWK Set JSON string, or a file holding one (not both). With
     * neither, the balancer generates one Ed25519 key at start-up (local use: codes do not survive a restart and
     * replicas would not share it).
     *
     * @param keys a JWK Set of Ed25519 {@code OctetKeyPair}s with {@code kid}s; the first signs
     * @param keysFile the path of a file holding such a JWK Set (a mounted secret)
     */
    public record Signing(String keys, String keysFile) {}
}
