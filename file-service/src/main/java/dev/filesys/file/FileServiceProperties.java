package dev.filesys.file;

import dev.filesys.support.CorsSettings;
import dev.filesys.support.TrustedProxies;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of a file-service, under {@code filesys.*}. Defaults run locally; a deployment changes them through
 * environment variables ({@code FILESYS_SERVER_ID}, {@code FILESYS_BALANCER_URL}, {@code FILESYS_STORAGE_ROOT}, …).
 *
 * @param cors the origins whose pages may call this service from a browser (the web app's); empty: the balancer's
 *     origin ({@code filesys.balancer.url}), on every loopback name when it is on loopback
 * @param downloadLinks signed links that download one file without the session header (a browser's navigation)
 * @param links public links: a file or folder for anyone who holds the link, no account needed
 * @param failpoints fault injection for the fault suite only, empty (off) by default: {@code <point>=pause-after:<n>}
 *     lets {@code n} requests pass the named failpoint (e.g. {@code after-commit}) and stops every later one there
 *     until the process is killed (see {@link ConfiguredFailpoints}); never set it in a deployment
 * @param trustedProxies the addresses this instance trusts (CIDR blocks or addresses, env {@code
 *     FILESYS_TRUSTED_PROXIES}): the proxies whose {@code X-Forwarded-*} headers are believed, so behind them the
 *     client's address (which every per-address limit keys on), the public host and scheme and the path prefix
 *     ({@code /s/<id>}) come from those headers; and they are exempt from the connection cap per address. Empty, the
 *     default, none are
 */
@Validated
@ConfigurationProperties(prefix = "filesys")
public record FileServiceProperties(
        @Valid @NotNull @DefaultValue Server server,
        @Valid @NotNull @DefaultValue Balancer balancer,
        @Valid @NotNull @DefaultValue Sessions sessions,
        @Valid @NotNull @DefaultValue Storage storage,
        @Valid @NotNull @DefaultValue AvailabilityCheck availability,
        @Valid @NotNull @DefaultValue Accounts accounts,
        @Valid @NotNull @DefaultValue Uploads uploads,
        @Valid @NotNull @DefaultValue Sweeper sweeper,
        @Valid @NotNull @DefaultValue Scrub scrub,
        @Valid @NotNull @DefaultValue Versions versions,
        @Valid @NotNull @DefaultValue Trash trash,
        @Valid @NotNull @DefaultValue Events events,
        @Valid @NotNull @DefaultValue Limits limits,

        @Valid @NotNull @DefaultValue @NestedConfigurationProperty
        CorsSettings cors,

        @Valid @NotNull @DefaultValue DownloadLinks downloadLinks,
        @Valid @NotNull @DefaultValue Links links,
        Map<String, String> failpoints,
        List<String> trustedProxies) {

    public FileServiceProperties {
        failpoints = failpoints == null ? Map.of() : Map.copyOf(failpoints);
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    @AssertTrue(message = "trusted-proxies must be IP addresses or CIDR blocks, e.g. 10.0.0.0/8")
    boolean isTrustedProxiesValid() {
        return TrustedProxies.isValid(trustedProxies);
    }

    /**
     * This instance.
     *
     * @param id its id: the audience its auth codes must name
     * @param publicUrl the base URL clients reach it at, which the balancer hands out: behind an edge proxy
     *     {@code https://files.example.com/s/<id>} (a placeholder such as {@code ${filesys.server.id}} may stand for
     *     the id). When unset, {@code http://127.0.0.1:<port>} with the port the server actually listens on (local runs
     *     and tests on random ports)
     * @param internalUrl the base URL the balancer probes it at, when that is not the public one (behind an edge
     *     proxy: the instance's own address); when unset, the public URL
     */
    public record Server(@NotBlank @DefaultValue("file-1") String id, String publicUrl, String internalUrl) {

        /** The configured public URL without trailing slashes, or null when none is configured. */
        public @Nullable String publicUrlIfSet() {
            return trimmed(publicUrl);
        }

        /** The configured internal URL without trailing slashes, or null when none is configured. */
        public @Nullable String internalUrlIfSet() {
            return trimmed(internalUrl);
        }

        private static @Nullable String trimmed(@Nullable String url) {
            return url == null || url.isBlank() ? null : url.trim().replaceAll("/+$", "");
        }
    }

    /**
     * The balancer this instance registers with and takes auth-code keys from.
     *
     * @param url the balancer's base URL
     * @param clusterToken the shared secret for internal endpoints; there is no default: an instance without one
     *     refuses to start
     * @param heartbeat how often to renew the registration
     * @param register whether to register with the balancer at all (off for a balancer configured statically, and
     *     for tests without one)
     * @param requestTimeout how long a call to the balancer (heartbeat, JWKS) may take
     * @param jwksMinRefetchInterval the least time between two JWKS fetches caused by unknown key ids
     */
    public record Balancer(
            @NotBlank @DefaultValue("http://127.0.0.1:8080") String url,

            String clusterToken,

            @NotNull @DefaultValue("5s") Duration heartbeat,
            @DefaultValue("true") boolean register,
            @NotNull @DefaultValue("2s") Duration requestTimeout,
            @NotNull @DefaultValue("10s") Duration jwksMinRefetchInterval) {}

    /**
     * Sessions and the handshake.
     *
     * @param capacity the most logged-in sessions this instance takes before it answers "no" to the balancer
     *     (sessions nobody has logged in to do not count: they end after {@code anonymousTimeout})
     * @param halfOpenTimeout how long a handshake may wait for the client's ack
     * @param anonymousTimeout an open session that nobody logs in to within this long (after the handshake or a
     *     logout) is closed
     * @param idleTimeout a session unused this long is closed
     * @param maxLifetime a session older than this is closed however busy it is
     * @param authCodeClockSkew how far the balancer's clock may be off from this instance's when checking a code's
     *     time window
     * @param closedRetention how long a closed session's row stays (so its token is answered "expired", not
     *     "unknown")
     * @param housekeepingInterval how often expired sessions are closed and dead rows purged
     * @param maxStaleness the longest an instance answers a session, or a file a download looks up, from memory before
     *     reading it again: the bound on how long a change made on another instance (a logout, a closed or revoked
     *     session, an unshare, a delete) can go unnoticed here when its announcement is lost; announced changes are
     *     usually seen within milliseconds. 0 reads every request's session and file from the database
     */
    public record Sessions(
            @Min(1) @DefaultValue("10000") int capacity,
            @NotNull @DefaultValue("10s") Duration halfOpenTimeout,
            @NotNull @DefaultValue("2m") Duration anonymousTimeout,
            @NotNull @DefaultValue("30m") Duration idleTimeout,
            @NotNull @DefaultValue("12h") Duration maxLifetime,
            @NotNull @DefaultValue("5s") Duration authCodeClockSkew,
            @NotNull @DefaultValue("24h") Duration closedRetention,
            @NotNull @DefaultValue("1m") Duration housekeepingInterval,
            @NotNull @DefaultValue("1s") Duration maxStaleness) {}

    /**
     * The blob store and the limits of what users store in it.
     *
     * @param type where blobs live: {@code local} (under {@code root}) or {@code s3} (in an S3-compatible bucket)
     * @param root the local blob directory (temporary files live under it too, on the same filesystem), where tus chunks
     *     live too; with the S3 store, only where uploads are staged before they go to the bucket (tus chunks are in the
     *     bucket)
     * @param minFreeSpace below this much free space (on {@code root}, or under {@code s3.stagingLimit}) the instance
     *     answers "no" and refuses uploads
     * @param quota how much each user may store
     * @param maxFileSize the largest single file
     * @param maxFiles how many files each user may keep, each resumable upload in progress counting as one; bounds what
     *     a user's rows cost the database (empty files take no quota) and how much a listing of their own files reads
     * @param s3 the bucket, when {@code type} is {@code s3}
     * @param smallBlobCache memory for the checked bytes of small blobs (up to 64 KiB each) once read, so a small file
     *     downloaded again is served without opening, reading and checking its blob each time; 0 turns it off
     */
    public record Storage(
            @NotNull @DefaultValue("local") StorageType type,
            @NotNull @DefaultValue("./data/blobs") Path root,
            @NotNull @DefaultValue("512MB") DataSize minFreeSpace,
            @NotNull @DefaultValue("10GB") DataSize quota,
            @NotNull @DefaultValue("5GB") DataSize maxFileSize,
            @Min(1) @DefaultValue("100000") long maxFiles,
            @Valid @NotNull @DefaultValue S3 s3,
            @NotNull @DefaultValue("64MB") DataSize smallBlobCache) {}

    /** Where blobs live. */
    public enum StorageType {
        /** Files under {@code filesys.storage.root}, which every instance must share (a shared volume). */
        LOCAL,
        /** Objects in an S3-compatible bucket that every instance reaches. */
        S3
    }

    /**
     * An S3-compatible bucket for blobs (AWS S3, MinIO, Ceph RGW, …). The bucket must exist; the service does not create
     * it.
     *
     * @param endpoint the service's URL, e.g. {@code http://minio:9000}; empty for AWS's own endpoint of {@code region}
     * @param bucket the bucket's name; required with {@code filesys.storage.type=s3}
     * @param region the region requests are signed for
     * @param accessKey the access key id; empty (with {@code secretKey}) to use the SDK's default credentials chain
     *     (environment, system properties, web identity, profile, container or instance role)
     * @param secretKey the secret access key belonging to {@code accessKey}
     * @param pathStyle address the bucket as {@code endpoint/bucket/key} (MinIO and most S3-compatible servers) rather
     *     than {@code bucket.endpoint/key}
     * @param partSize blobs larger than this are uploaded in parts of this size (5 MB to 5 GB); smaller ones with one PUT;
     *     a tus PATCH body passes through at most this much local scratch on its way to the bucket
     * @param stagingLimit the most bytes the storage root may hold (uploads staged before they go to the bucket, tus
     *     bodies passing through), for a root whose filesystem does not show its limit (a Kubernetes {@code emptyDir}
     *     with a {@code sizeLimit}, which reports the node's free space): free space is then this limit minus what is
     *     staged, if that is less than the filesystem's. Unset, only the filesystem's free space counts
     */
    public record S3(
            String endpoint,
            String bucket,
            @NotBlank @DefaultValue("us-east-1") String region,
            String accessKey,
            String secretKey,
            @DefaultValue("true") boolean pathStyle,
            @NotNull @DefaultValue("16MB") DataSize partSize,
            DataSize stagingLimit) {}

    /**
     * The background health check behind {@code GET /internal/v1/availability} and {@code /readyz}.
     *
     * @param refreshInterval how often the database and the storage root are checked
     * @param staleAfter a database check that has not succeeded for this long counts as unreachable (a check that
     *     hangs on a dead connection must not leave the last good answer standing)
     */
    public record AvailabilityCheck(
            @NotNull @DefaultValue("1s") Duration refreshInterval,
            @NotNull @DefaultValue("5s") Duration staleAfter) {}

    /**
     * Accounts: password hashing and login throttling.
     *
     * @param password Argon2id parameters
     * @param throttle login backoff after failures
     */
    public record Accounts(
            @Valid @NotNull @DefaultValue Password password,
            @Valid @NotNull @DefaultValue Throttle throttle) {}

    /**
     * Argon2id parameters for new hashes; raising them re-hashes each password at its owner's next login. The floor is
     * OWASP's minimum (19 MiB, 2 iterations, parallelism 1).
     *
     * @param memoryKib memory per hash in KiB
     * @param iterations passes over the memory
     * @param hashingThreads how many password hashes (registration, login) may run at once; 0 means one for every two
     *     cores (at least one), so hashing never takes all the processors the other requests need. A request that
     *     finds them all busy is answered {@code 503 SERVER_BUSY} at once rather than queued
     */
    public record Password(
            @Min(19456) @Max(4194304) @DefaultValue("19456") int memoryKib,
            @Min(2) @Max(100) @DefaultValue("2") int iterations,
            @Min(0) @Max(1024) @DefaultValue("0") int hashingThreads) {

        /** The number of hashing threads, with 0 resolved to half the cores of this machine (at least one). */
        public int resolvedHashingThreads() {
            return hashingThreads > 0
                    ? hashingThreads
                    : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        }
    }

    /**
     * Login throttling, per username and per client address. After {@code freeAttempts} failures in a row each further
     * failure blocks the key for {@code baseDelay × 2^(n−1)}, capped at {@code maxDelay}; a success resets the username's
     * count; a key with no failure for {@code forgetAfter} starts over.
     *
     * @param freeAttempts failures allowed before any delay
     * @param baseDelay the first delay
     * @param maxDelay the longest delay (there is never a permanent lock)
     * @param forgetAfter quiet time after which a key's failures are forgotten
     */
    public record Throttle(
            @Min(1) @DefaultValue("5") int freeAttempts,
            @NotNull @DefaultValue("1s") Duration baseDelay,
            @NotNull @DefaultValue("15m") Duration maxDelay,
            @NotNull @DefaultValue("1h") Duration forgetAfter) {}

    /**
     * Limits on a transfer in flight, for simple and resumable uploads alike.
     *
     * @param idleTimeout an upload body that delivers no byte for this long is abandoned
     * @param deadline the longest a single upload request may take, however steadily it trickles
     * @param expiration a resumable upload not continued for this long expires, and its reserved quota is released
     * @param minimumRate the slowest an upload body may arrive, averaged over each {@code rateWindow}; 0 turns the check
     *     off
     * @param rateWindow the window the minimum rate is averaged over; the first one is a grace period
     */
    public record Uploads(
            @NotNull @DefaultValue("60s") Duration idleTimeout,
            @NotNull @DefaultValue("6h") Duration deadline,
            @NotNull @DefaultValue("24h") Duration expiration,
            @NotNull @DefaultValue("1KB") DataSize minimumRate,
            @NotNull @DefaultValue("30s") Duration rateWindow) {}

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
            @NotNull @DefaultValue("1h") Duration gracePeriod) {

        /** Runs {@code task} on the sweeper's schedule, every {@code interval}, unless it is disabled. */
        public void schedule(ScheduledTaskRegistrar tasks, Runnable task) {
            if (enabled) {
                tasks.addFixedDelayTask(new FixedDelayTask(task, interval, interval));
            }
        }
    }

    /**
     * The background scrubber, which re-reads every stored blob and checks it against its CRC32C and chunk CRCs, so that
     * damage is found and quarantined before a user reads it.
     *
     * @param enabled whether this instance takes part (one instance scrubs at a time, whichever holds the lease)
     * @param period how often a pass over all blobs starts: a pass begins once the last one ended this long ago
     * @param bytesPerSecond the most this instance reads per second while scrubbing
     * @param lease how long an instance holds the scrub after its last progress; another takes over after that
     */
    public record Scrub(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("24h") Duration period,
            @NotNull @DefaultValue("20MB") DataSize bytesPerSecond,
            @NotNull @DefaultValue("2m") Duration lease) {

        @AssertTrue(message = "scrub.bytes-per-second must be at least 1KB")
        boolean isBytesPerSecondValid() {
            return bytesPerSecond == null || bytesPerSecond.toBytes() >= 1024;
        }
    }

    /**
     * How long a file's earlier contents are kept (see {@code docs/files.md}, "Versions"). A version goes, and gives
     * its bytes back to the owner's quota, once either bound is passed; the sweeper removes it on its schedule.
     *
     * @param maxCount how many earlier contents each file keeps, newest first (0: none are kept after a sweep)
     * @param maxAge how long after it was replaced an earlier content is kept
     */
    public record Versions(
            @Min(0) @DefaultValue("20") int maxCount,
            @NotNull @DefaultValue("30d") Duration maxAge) {}

    /**
     * The trash (see {@code docs/files.md}, "Trash").
     *
     * @param retention how long a deleted item stays in its owner's trash before the sweeper purges it
     */
    public record Trash(@NotNull @DefaultValue("30d") Duration retention) {}

    /**
     * What one client may ask of this instance (see {@code docs/security.md}). Allowances are token buckets kept in this
     * instance's memory: behind several instances a client gets each allowance once per instance.
     *
     * @param maxJsonBody the largest request body, but uploads (which stream)
     * @param headerTimeout how long a connection may take to send a request head (and may stay silent when new)
     * @param maxConnectionsPerAddress open connections one client address may hold (the trusted proxies are exempt)
     * @param handshakes handshakes ({@code POST /api/v1/sessions}) per client address
     * @param registrations registrations per client address (a taken name costs one too: names cannot be probed freely)
     * @param registrationsOverall registrations on this instance from all addresses together
     * @param unknownNames per user and per address: answers that a name given to share with belongs to nobody
     * @param trackedAddresses the most client addresses (and users) whose allowances are remembered
     * @param eventStreamsPerSession event streams one session may hold open on this instance
     * @param eventStreamsPerUser event streams one user may hold open on this instance, over all sessions
     */
    public record Limits(
            @NotNull @DefaultValue("16KB") DataSize maxJsonBody,
            @NotNull @DefaultValue("20s") Duration headerTimeout,
            @Min(1) @DefaultValue("256") int maxConnectionsPerAddress,
            @Valid @NotNull @DefaultValue("50/100ms") Allowance handshakes,
            @Valid @NotNull @DefaultValue("10/1m") Allowance registrations,
            @Valid @NotNull @DefaultValue("20/200ms") Allowance registrationsOverall,
            @Valid @NotNull @DefaultValue("20/30s") Allowance unknownNames,
            @Min(100) @DefaultValue("100000") int trackedAddresses,
            @Min(1) @DefaultValue("4") int eventStreamsPerSession,
            @Min(1) @DefaultValue("16") int eventStreamsPerUser) {

        @AssertTrue(message = "header-timeout must be positive")
        boolean isHeaderTimeoutPositive() {
            return headerTimeout == null || headerTimeout.isPositive();
        }
    }

    /**
     * An allowance: {@code burst} at once, then one more every {@code every}; written {@code <burst>/<every>}, e.g.
     * {@code 10/1m} (ten at once, then one a minute).
     *
     * @param burst how many at once after a quiet spell
     * @param every how often one more once the burst is spent
     */
    public record Allowance(int burst, Duration every) {

        public Allowance {
            if (burst < 1 || every == null || !every.isPositive()) {
                throw new IllegalArgumentException(
                        "an allowance is <burst>/<interval> with burst >= 1 and a positive" + " interval, e.g. 10/1m");
            }
        }

        /** Reads {@code <burst>/<every>}, the interval as Spring reads durations ({@code 100ms}, {@code 1m}, ISO); settings bind through it. */
        public static Allowance valueOf(String text) {
            String[] parts = text == null ? new String[0] : text.strip().split("/", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException(
                        "an allowance is <burst>/<interval>, e.g. 10/1m, not '" + text + "'");
            }
            return new Allowance(
                    Integer.parseInt(parts[0].strip()),
                    org.springframework.boot.convert.DurationStyle.detectAndParse(parts[1].strip()));
        }

        /** As a token-bucket rate. */
        public dev.filesys.support.Rate rate() {
            return new dev.filesys.support.Rate(burst, every);
        }
    }

    /**
     * The broadcast of changes (PostgreSQL LISTEN/NOTIFY) and the users' event streams ({@code GET /api/v1/events}).
     *
     * @param keepAlive how long an event stream may stay silent before it gets a keep-alive comment (which also shows
     *     whether the client is still there)
     * @param sessionCheckInterval how often the sessions of open event streams are checked (still open, still logged
     *     in as the stream's user) and marked as used, so that an open stream keeps its session from idling out
     * @param streamBuffer how many events a stream may have waiting for a slow client before it is dropped
     * @param replayLimit the most events a stream replays after {@code Last-Event-ID}; beyond it the client is told to
     *     re-read its state instead
     * @param retry the reconnection delay suggested to clients ({@code retry:} in the stream)
     * @param retention how long events stay in the {@code events} table (for catch-up and {@code Last-Event-ID})
     * @param purgeInterval how often older events are deleted
     * @param reconnectMinBackoff the first wait before the listener reconnects after losing its database connection
     * @param reconnectMaxBackoff the longest such wait (the wait doubles after each failed attempt)
     * @param listenerPing how long the listener waits for notifications before it checks that its connection is alive
     * @param relaySweep how often each instance moves into {@code events} the outbox rows queued at least this long ago
     *     (those whose own instance died, or failed, between its commit and its relay): such an event is visible
     *     within twice this period of its commit; the others within milliseconds
     */
    public record Events(
            @NotNull @DefaultValue("15s") Duration keepAlive,
            @NotNull @DefaultValue("15s") Duration sessionCheckInterval,
            @Min(1) @Max(100000) @DefaultValue("256") int streamBuffer,
            @Min(1) @Max(100000) @DefaultValue("1000") int replayLimit,
            @NotNull @DefaultValue("3s") Duration retry,
            @NotNull @DefaultValue("24h") Duration retention,
            @NotNull @DefaultValue("10m") Duration purgeInterval,
            @NotNull @DefaultValue("200ms") Duration reconnectMinBackoff,
            @NotNull @DefaultValue("10s") Duration reconnectMaxBackoff,
            @NotNull @DefaultValue("10s") Duration listenerPing,
            @NotNull @DefaultValue("1s") Duration relaySweep) {}

    /**
     * Download links: {@code POST /api/v1/files/{id}/download-links} gives a URL that downloads that one file for the
     * caller without the session header, so a browser can start the download by navigation, with the session token
     * never in a URL. Signed with a key each instance draws at start-up, so a link works at the instance that issued
     * it, until it expires or that instance restarts.
     *
     * @param ttl how long a link works (a download that started goes on; resuming it needs a link that still works)
     */
    public record DownloadLinks(
            @NotNull @DefaultValue("60s") Duration ttl) {

        @jakarta.validation.constraints.AssertTrue(message = "download-links.ttl must be between 1 second and 1 hour")
        boolean isTtlSensible() {
            return ttl == null
                    || (ttl.compareTo(Duration.ofSeconds(1)) >= 0 && ttl.compareTo(Duration.ofHours(1)) <= 0);
        }
    }

    /**
     * Public links ({@code /api/v1/links}, {@code /l/{token}}).
     *
     * @param baseUrl the public base URL link addresses start with ({@code https://files.example.com} gives
     *     {@code https://files.example.com/l/<token>}): the balancer's, which every client reaches; when unset,
     *     {@code filesys.balancer.url}
     * @param defaultExpiry how long a link works when its creator names no expiry
     * @param maxExpiry the furthest ahead a link's expiry may be
     * @param accessTtl how long the access token of a password-protected link, given for the right password, works
     * @param misses per client address: answers that a link does not exist (unknown, revoked, expired, exhausted, a
     *     malformed token); beyond the allowance such requests are {@code 429 RATE_LIMITED}, so tokens cannot be
     *     guessed at speed
     */
    public record Links(
            String baseUrl,
            @NotNull @DefaultValue("7d") Duration defaultExpiry,
            @NotNull @DefaultValue("90d") Duration maxExpiry,
            @NotNull @DefaultValue("15m") Duration accessTtl,
            @Valid @NotNull @DefaultValue("30/10s") Allowance misses) {

        @AssertTrue(message = "links.default-expiry must be positive and no longer than links.max-expiry")
        boolean isExpirySensible() {
            return defaultExpiry == null
                    || maxExpiry == null
                    || (defaultExpiry.isPositive() && defaultExpiry.compareTo(maxExpiry) <= 0);
        }

        @AssertTrue(message = "links.access-ttl must be between 1 second and 1 day")
        boolean isAccessTtlSensible() {
            return accessTtl == null
                    || (accessTtl.compareTo(Duration.ofSeconds(1)) >= 0
                            && accessTtl.compareTo(Duration.ofDays(1)) <= 0);
        }
    }
}
