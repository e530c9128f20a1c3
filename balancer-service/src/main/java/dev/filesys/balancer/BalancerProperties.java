package dev.filesys.balancer;

import dev.filesys.support.CorsSettings;
import dev.filesys.support.TrustedProxies;
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
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the balancer, under {@code filesys.balancer.*}. Defaults run locally; a deployment changes them
 * through environment variables ({@code FILESYS_CLUSTER_TOKEN}, {@code FILESYS_SIGNING_KEYS}, and the relaxed-binding
 * forms such as {@code FILESYS_BALANCER_POLLING_READ_TIMEOUT}). See {@code docs/balancer.md} for the full table.
 *
 * @param clusterToken the shared secret file-services and operators present on internal endpoints; there is no default:
 *     a balancer without one refuses to start
 * @param limits what one client may ask of this balancer
 * @param servers file-services known from configuration; they never drop out of the registry
 * @param discovery file-services found by resolving a DNS name (Kubernetes: a headless Service)
 * @param heartbeat how often a self-registered file-service renews its registration; its lease is three heartbeats
 * @param polling how servers are asked and how failures are handled
 * @param signing where the auth-code signing keys come from
 * @param authCodeTtl how long an auth code stays valid
 * @param issuer the {@code iss} claim of auth codes
 * @param publicUrl where clients reach the balancer (behind an edge proxy, e.g. {@code https://files.example.com}):
 *     the server the OpenAPI description names; unset, it is taken from each request
 * @param trustedProxies the addresses the balancer trusts (CIDR blocks or addresses, env {@code
 *     FILESYS_TRUSTED_PROXIES}): the proxies whose {@code X-Forwarded-*} headers are believed (so every per-address
 *     limit applies to the client they forward), exempt from the connection cap per address; empty, none are
 * @param cors the origins whose pages may call the balancer from a browser (empty: its own origin on the loopback
 *     names)
 */
@Validated
@ConfigurationProperties(prefix = "filesys.balancer")
public record BalancerProperties(
        String clusterToken,
        @Valid @NotNull @DefaultValue Limits limits,

        @Valid List<StaticServer> servers,
        @Valid @NotNull @DefaultValue Discovery discovery,
        @NotNull @DefaultValue("5s") Duration heartbeat,
        @Valid @NotNull @DefaultValue Polling polling,
        @Valid @NotNull @DefaultValue Signing signing,
        @NotNull @DefaultValue("30s") Duration authCodeTtl,
        @NotBlank @DefaultValue("filesys-balancer") String issuer,
        String publicUrl,
        List<String> trustedProxies,

        @Valid @NotNull @DefaultValue @NestedConfigurationProperty
        CorsSettings cors) {

    /** How many heartbeats a registration outlives: a server that misses this many in a row drops out. */
    public static final int LEASE_HEARTBEATS = 3;

    public BalancerProperties {
        servers = servers == null ? List.of() : List.copyOf(servers);
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    @AssertTrue(message = "trusted-proxies must be IP addresses or CIDR blocks, e.g. 10.0.0.0/8")
    boolean isTrustedProxiesValid() {
        return TrustedProxies.isValid(trustedProxies);
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
     * What one client may ask of the balancer (see {@code docs/security.md}).
     *
     * @param maxJsonBody the largest request body
     * @param headerTimeout how long a connection may take to send a request head (and may stay silent when new)
     * @param maxConnectionsPerAddress open connections one client address may hold (the trusted proxies are exempt)
     * @param assignmentsBurst assignments one client address may get at once
     * @param assignmentsEvery how often it gets one more once the burst is spent
     * @param trackedAddresses the most client addresses whose allowance is remembered (the least recent are forgotten)
     */
    public record Limits(
            @NotNull @DefaultValue("16KB") DataSize maxJsonBody,
            @NotNull @DefaultValue("20s") Duration headerTimeout,
            @Min(1) @DefaultValue("256") int maxConnectionsPerAddress,
            @Min(1) @DefaultValue("50") int assignmentsBurst,
            @NotNull @DefaultValue("100ms") Duration assignmentsEvery,
            @Min(100) @DefaultValue("100000") int trackedAddresses) {

        @AssertTrue(message = "header-timeout and assignments-every must be positive")
        boolean isEveryDurationPositive() {
            return (headerTimeout == null || headerTimeout.isPositive())
                    && (assignmentsEvery == null || assignmentsEvery.isPositive());
        }
    }

    /**
     * A file-service known from configuration.
     *
     * @param id its id: the audience of its auth codes
     * @param url the base URL the balancer probes it at (and clients reach it at, unless {@code publicUrl} is set)
     * @param publicUrl the base URL clients reach it at, when that is another one (an edge proxy's
     *     {@code https://files.example.com/s/<id>}); a URL the server names in its availability answers wins
     */
    public record StaticServer(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}")
            String id,

            @NotBlank String url,
            String publicUrl) {}

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
