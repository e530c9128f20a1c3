package dev.filesys.file;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of a file-service, under {@code filesys.*}. Defaults run locally; a deployment changes them through
 * environment variables ({@code FILESYS_SERVER_ID}, {@code FILESYS_BALANCER_URL}, {@code FILESYS_STORAGE_ROOT}, …).
 */
@Validated
@ConfigurationProperties(prefix = "filesys")
public record FileServiceProperties(
        @Valid @NotNull @DefaultValue Server server,
        @Valid @NotNull @DefaultValue Balancer balancer,
        @Valid @NotNull @DefaultValue Sessions sessions,
        @Valid @NotNull @DefaultValue Storage storage,
        @Valid @NotNull @DefaultValue Uploads uploads,
        @Valid @NotNull @DefaultValue Sweeper sweeper) {

    /**
     * This instance.
     *
     * @param id its id: the audience its auth codes must name
     * @param publicUrl the base URL clients and the balancer reach it at
     */
    public record Server(
            @NotBlank @DefaultValue("file-1") String id,
            @NotBlank @DefaultValue("http://127.0.0.1:8081") String publicUrl) {}

    /**
     * The balancer this instance registers with and takes auth-code keys from.
     *
     * @param url the balancer's base URL
     * @param clusterToken the shared secret for internal endpoints
     * @param heartbeat how often to renew the registration
     */
    public record Balancer(
            @NotBlank @DefaultValue("http://127.0.0.1:8080") String url,

            @NotBlank @DefaultValue("local-dev-cluster-token")
            String clusterToken,

            @NotNull @DefaultValue("5s") Duration heartbeat) {}

    /**
     * Sessions and the handshake.
     *
     * @param capacity the most open sessions this instance takes before it answers "no" to the balancer
     * @param halfOpenTimeout how long a handshake may wait for the client's ack
     * @param idleTimeout a session unused this long is closed
     * @param maxLifetime a session older than this is closed however busy it is
     */
    public record Sessions(
            @Min(1) @DefaultValue("10000") int capacity,
            @NotNull @DefaultValue("10s") Duration halfOpenTimeout,
            @NotNull @DefaultValue("30m") Duration idleTimeout,
            @NotNull @DefaultValue("12h") Duration maxLifetime) {}

    /**
     * The blob store and the limits of what users store in it.
     *
     * @param root the local blob directory (temporary files live under it too, on the same filesystem)
     * @param minFreeSpace below this much free space the instance answers "no" and refuses uploads
     * @param quota how much each user may store
     * @param maxFileSize the largest single file
     */
    public record Storage(
            @NotNull @DefaultValue("./data/blobs") Path root,
            @NotNull @DefaultValue("512MB") DataSize minFreeSpace,
            @NotNull @DefaultValue("10GB") DataSize quota,
            @NotNull @DefaultValue("5GB") DataSize maxFileSize) {}

    /**
     * Limits on a transfer in flight, for simple and resumable uploads alike.
     *
     * @param idleTimeout an upload body that delivers no byte for this long is abandoned
     * @param deadline the longest a single upload request may take, however steadily it trickles
     * @param expiration a resumable upload not continued for this long expires, and its reserved quota is released
     */
    public record Uploads(
            @NotNull @DefaultValue("60s") Duration idleTimeout,
            @NotNull @DefaultValue("6h") Duration deadline,
            @NotNull @DefaultValue("24h") Duration expiration) {}

    /**
     * The background sweeper that removes what failed or finished uploads left behind.
     *
     * @param enabled whether it runs on a schedule on this instance
     * @param interval the pause between two runs
     * @param gracePeriod how old a temporary file or an unreferenced blob must be before it is removed; longer than any
     *     upload's commit and than a download that started before the last reference went away
     */
    public record Sweeper(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("5m") Duration interval,
            @NotNull @DefaultValue("1h") Duration gracePeriod) {}
}
