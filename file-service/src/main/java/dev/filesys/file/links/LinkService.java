package dev.filesys.file.links;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.accounts.PasswordGuard;
import dev.filesys.file.files.LinkedContent;
import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import dev.filesys.support.RateLimited;
import dev.filesys.support.TokenBuckets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * The rules of public links: what a link may be created with and changed to, who may see and revoke it (its owner
 * only: anyone else gets {@code 404 LINK_NOT_FOUND}), and what its holder may do. Every way a link can stop working
 * (unknown, revoked, expired, exhausted, its file or folder deleted or in the trash, a malformed token) answers the
 * same {@code 404 LINK_NOT_FOUND}, so links cannot be probed; such misses are limited per client address.
 */
@Service
class LinkService {

    static final int MAX_LABEL = 200;
    static final int MAX_DOWNLOADS = 1_000_000;

    private final LinkRepository links;
    private final LinkedContent content;
    private final PasswordGuard passwords;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final FileServiceProperties.Links settings;
    private final String baseUrl;
    private final TokenBuckets misses;

    LinkService(
            LinkRepository links,
            LinkedContent content,
            PasswordGuard passwords,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            Clock clock,
            FileServiceProperties properties) {
        this.links = links;
        this.content = content;
        this.passwords = passwords;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.settings = properties.links();
        String base = StringUtils.hasText(settings.baseUrl())
                ? settings.baseUrl()
                : properties.balancer().url();
        this.baseUrl = base.strip().replaceAll("/+$", "");
        this.misses =
                new TokenBuckets(settings.misses().rate(), properties.limits().trackedAddresses());
    }

    static ApiException notFound() {
        return ApiError.LINK_NOT_FOUND.exception("No such link, or it no longer works.");
    }

    LinkView create(UUID owner, LinkRequest request) {
        if ((request.fileId() == null) == (request.folderId() == null)) {
            throw ApiError.INVALID_LINK_REQUEST.exception("Name exactly one of fileId and folderId.");
        }
        Instant now = clock.instant();
        Instant expiresAt = expiry(request.expiresAt(), now);
        Integer max = maxDownloads(request.maxDownloads());
        String label = label(request.label());
        String hash = request.password() == null ? null : passwords.hash(request.password());
        String token = LinkTokens.newToken();
        Link link = new Link(
                UUID.randomUUID(),
                owner,
                request.fileId(),
                request.folderId(),
                label,
                hash,
                expiresAt,
                max,
                0,
                now.truncatedTo(ChronoUnit.MICROS),
                null);
        tx.executeWithoutResult(status -> {
            Optional<String> target = link.fileId() != null
                    ? content.ownedFileName(owner, link.fileId())
                    : content.ownedFolderName(owner, link.folderId());
            if (target.isEmpty()) {
                throw ApiError.LINK_TARGET_NOT_FOUND.exception(
                        "You have no " + (link.fileId() != null ? "file" : "folder") + " with that id.");
            }
            links.insert(link, LinkTokens.sha256(token));
        });
        return LinkView.withToken(link, now, token, baseUrl + "/l/" + token);
    }

    Pages.LinkPage page(UUID owner, @Nullable UUID after, int limit) {
        List<Link> found = links.page(owner, after, limit + 1);
        Instant now = clock.instant();
        List<LinkView> items =
                found.stream().limit(limit).map(link -> LinkView.of(link, now)).toList();
        return new Pages.LinkPage(items, found.size() > limit ? items.getLast().linkId() : null);
    }

    LinkView get(UUID owner, UUID id) {
        return LinkView.of(links.findOwned(owner, id).orElseThrow(LinkService::notFound), clock.instant());
    }

    /** The changes of {@code PATCH}: each field present is changed; a null password or maxDownloads removes it. */
    record Changes(
            boolean expiresAtGiven,
            @Nullable Instant expiresAt,
            boolean passwordGiven,
            @Nullable String password,
            boolean maxDownloadsGiven,
            @Nullable Integer maxDownloads,
            boolean labelGiven,
            @Nullable String label) {}

    LinkView update(UUID owner, UUID id, Changes changes) {
        Instant now = clock.instant();
        Instant expiresAt = changes.expiresAtGiven() ? expiry(changes.expiresAt(), now) : null;
        Integer max = changes.maxDownloadsGiven() ? maxDownloads(changes.maxDownloads()) : null;
        String label = changes.labelGiven() ? label(changes.label()) : null;
        String hash = changes.passwordGiven() && changes.password() != null ? passwords.hash(changes.password()) : null;
        Link updated = tx.execute(status -> {
            Link link = links.findOwned(owner, id)
                    .filter(found -> found.revokedAt() == null)
                    .orElseThrow(LinkService::notFound);
            return links.update(new Link(
                            link.id(),
                            owner,
                            link.fileId(),
                            link.folderId(),
                            changes.labelGiven() ? label : link.label(),
                            changes.passwordGiven() ? hash : link.passwordHash(),
                            changes.expiresAtGiven() ? expiresAt : link.expiresAt(),
                            changes.maxDownloadsGiven() ? max : link.maxDownloads(),
                            link.downloads(),
                            link.createdAt(),
                            null))
                    .orElseThrow(LinkService::notFound);
        });
        return LinkView.of(updated, now);
    }

    void revoke(UUID owner, UUID id) {
        if (!links.revoke(owner, id, clock.instant())) {
            throw notFound();
        }
    }

    Pages.DownloadPage downloads(UUID owner, UUID id, @Nullable Long before, int limit) {
        links.findOwned(owner, id).orElseThrow(LinkService::notFound);
        List<DownloadView> found = links.downloads(id, before, limit + 1);
        List<DownloadView> items = found.stream().limit(limit).toList();
        return new Pages.DownloadPage(
                items, found.size() > limit ? items.getLast().id() : null);
    }

    // the holder's side

    /**
     * The usable link a token names.
     *
     * @throws ApiException {@code 404 LINK_NOT_FOUND} for a malformed, unknown or unusable token (before any database
     *     work for a malformed one); {@code 429 RATE_LIMITED} while the address has missed too often
     */
    Link open(String token, String clientAddress) {
        String key = TokenBuckets.addressKey(clientAddress);
        Optional<Duration> wait = misses.emptyFor(key);
        if (wait.isPresent()) {
            throw new RateLimited("requests for links that do not exist", wait.get());
        }
        return Optional.of(token)
                .filter(LinkTokens::wellFormed)
                .flatMap(wellFormed -> links.findByToken(LinkTokens.sha256(wellFormed)))
                .filter(found -> found.usable(clock.instant()))
                .orElseThrow(() -> miss(clientAddress));
    }

    /** Counts a miss against the address and gives the answer for it. */
    ApiException miss(String clientAddress) {
        misses.tryTake(TokenBuckets.addressKey(clientAddress));
        return notFound();
    }

    /**
     * Checks that the holder may read a password-protected link.
     *
     * @param access the access token they show (cookie, header or query), or null
     * @throws ApiException {@code 401 LINK_PASSWORD_REQUIRED} without a valid access token
     */
    void requireAccess(Link link, @Nullable String access) {
        String hash = link.passwordHash();
        if (hash != null && (access == null || !LinkTokens.accessValid(access, link.id(), hash, clock.instant()))) {
            throw ApiError.LINK_PASSWORD_REQUIRED.exception("This link needs its password: POST it to "
                    + "/l/{token}/unlock, then show the access token (cookie, X-Link-Access header or ?access=).");
        }
    }

    /** An access token, when it expires, and how long it has from now. */
    record Access(String token, Instant expiresAt, Duration lifetime) {}

    /**
     * Checks a password for a link, throttled per link and per address as logins are.
     *
     * @throws ApiException {@code 401 INVALID_LINK_PASSWORD}; {@code 429 TOO_MANY_ATTEMPTS}; {@code 400
     *     INVALID_LINK_REQUEST} for a link without a password
     */
    Access unlock(Link link, String password, String clientAddress) {
        String hash = link.passwordHash();
        if (hash == null) {
            throw ApiError.INVALID_LINK_REQUEST.exception("This link has no password; open it as it is.");
        }
        if (!passwords.check("link:" + link.id(), password, hash, clientAddress)) {
            throw ApiError.INVALID_LINK_PASSWORD.exception("Wrong password for this link.");
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(settings.accessTtl()).truncatedTo(ChronoUnit.SECONDS);
        return new Access(LinkTokens.access(link.id(), hash, expiresAt), expiresAt, Duration.between(now, expiresAt));
    }

    /**
     * Counts, records and announces one download, just before its content goes out; refuses when the link stopped
     * working meanwhile (revoked, expired, or another download took the last one).
     */
    void count(Link link, UUID fileId, String fileName, long bytes, String clientAddress) {
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            int downloads = links.countDownload(link.id(), now).orElseThrow(() -> miss(clientAddress));
            links.recordDownload(link.id(), new DownloadView(0, now, fileId, fileName, clientAddress, bytes));
            events.publishEvent(new LinkUsed(
                    link.id(), link.ownerId(), link.label(), fileId, fileName, bytes, downloads, clientAddress));
        });
    }

    /** Whether the link's folder is still there (not deleted, not in the trash). */
    Optional<String> folderName(Link link) {
        return link.folderId() == null ? Optional.empty() : content.ownedFolderName(link.ownerId(), link.folderId());
    }

    private Instant expiry(@Nullable Instant requested, Instant now) {
        Instant latest = now.plus(settings.maxExpiry());
        if (requested == null) {
            return now.plus(settings.defaultExpiry()).truncatedTo(ChronoUnit.MICROS);
        }
        if (!requested.isAfter(now) || requested.isAfter(latest)) {
            throw ApiError.INVALID_EXPIRY.exception("expiresAt " + requested
                    + " is out of range: it must be after the current time and no later than " + latest
                    + " (filesys.links.max-expiry: " + settings.maxExpiry() + ").");
        }
        return requested.truncatedTo(ChronoUnit.MICROS);
    }

    private static @Nullable Integer maxDownloads(@Nullable Integer requested) {
        if (requested != null && (requested < 1 || requested > MAX_DOWNLOADS)) {
            throw ApiError.INVALID_LINK_REQUEST.exception("maxDownloads must be 1 to " + MAX_DOWNLOADS + ".");
        }
        return requested;
    }

    private static String label(@Nullable String requested) {
        if (requested == null) {
            return "";
        }
        String label = requested.strip();
        if (label.codePointCount(0, label.length()) > MAX_LABEL || label.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.INVALID_LINK_REQUEST.exception(
                    "label must be at most " + MAX_LABEL + " characters, without control characters.");
        }
        return label;
    }
}
