package dev.filesys.file.shares;

import dev.filesys.file.accounts.AccountService;
import dev.filesys.file.files.FileService;
import dev.filesys.file.files.FileView;
import dev.filesys.file.folders.FolderService;
import dev.filesys.file.folders.FolderView;
import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Granting and revoking read access. Only the owner may do either (a sharee gets {@code 403 NOT_OWNER}, anyone else
 * {@code 404 FILE_NOT_FOUND}); both are idempotent. Expiry is enforced by every query that reads shares, not by this.
 */
@Service
public class ShareService {

    static final String READ = "read";

    private final FileService files;
    private final FolderService folders;
    private final AccountService accounts;
    private final ShareRepository shares;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    ShareService(
            FileService files,
            FolderService folders,
            AccountService accounts,
            ShareRepository shares,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.files = files;
        this.folders = folders;
        this.accounts = accounts;
        this.shares = shares;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** A share as it is after a grant, and whether the grant created it (rather than updating one). */
    record Granted(ShareView share, boolean created) {}

    /**
     * Grants {@code username} read access to the owner's file until {@code expiresAt} (null: no end), or updates the
     * permission and expiry of an existing share.
     *
     * @throws ApiException {@code 400 INVALID_EXPIRY} when {@code expiresAt} is outside {@link ShareExpiry}'s range
     */
    Granted share(UUID owner, UUID fileId, String username, @Nullable String permission, @Nullable Instant expiresAt) {
        String granted = permission(permission);
        Instant until = ShareExpiry.check(expiresAt, clock.instant());
        String granteeName = username.toLowerCase(Locale.ROOT);
        return tx.execute(status -> {
            FileView file = files.requireOwner(owner, fileId);
            UUID grantee = grantee(owner, username);
            Granted result = shares.upsert(fileId, grantee, granteeName, granted, until);
            events.publishEvent(new FileShared(
                    fileId, file.name(), owner, file.owner(), grantee, granteeName, granted, until, result.created()));
            return result;
        });
    }

    /**
     * Revokes the share of the owner's file with {@code username}; revoking what does not exist is no error. Only the
     * revocation of an unexpired share is announced: an expired one gave no access any more.
     */
    void unshare(UUID owner, UUID fileId, String username) {
        tx.executeWithoutResult(status -> {
            FileView file = files.requireOwner(owner, fileId);
            Optional<UUID> grantee = accounts.findUserId(username);
            grantee.ifPresent(id -> {
                boolean revokedAccess = shares.delete(fileId, id);
                if (revokedAccess) {
                    events.publishEvent(new FileUnshared(
                            fileId, file.name(), owner, file.owner(), id, username.toLowerCase(Locale.ROOT)));
                }
            });
        });
    }

    /** The permission asked for: {@code read}, the only one there is (absent means read). */
    private static String permission(@Nullable String permission) {
        String granted = permission == null ? READ : permission.strip().toLowerCase(Locale.ROOT);
        if (!granted.equals(READ)) {
            throw ApiError.INVALID_PERMISSION.exception("The only permission there is is \"read\".");
        }
        return granted;
    }

    /** The user a share is for: another user than the owner. */
    private UUID grantee(UUID owner, String username) {
        // "no such user" answers are limited per user and address: names cannot be enumerated by sharing
        UUID grantee = accounts.findUserIdLimited(username, owner).orElseThrow(UserNotFound::new);
        if (grantee.equals(owner)) {
            throw new CannotShareWithSelf();
        }
        return grantee;
    }

    /**
     * Grants {@code username} read access to the owner's folder and everything it holds, now and later, until
     * {@code expiresAt} (null: no end), or updates an existing folder share; the same rules as a file's share.
     */
    FolderShareView shareFolder(
            UUID owner, UUID folderId, String username, @Nullable String permission, @Nullable Instant expiresAt) {
        String granted = permission(permission);
        Instant until = ShareExpiry.check(expiresAt, clock.instant());
        String granteeName = username.toLowerCase(Locale.ROOT);
        return tx.execute(status -> {
            FolderView folder = folders.requireOwner(owner, folderId);
            UUID grantee = grantee(owner, username);
            FolderService.Granted result = folders.share(folderId, grantee, granted, until);
            events.publishEvent(new FolderShared(
                    folderId,
                    folder.name(),
                    owner,
                    folder.owner(),
                    grantee,
                    granteeName,
                    granted,
                    until,
                    result.created()));
            return new FolderShareView(folderId, granteeName, granted, until, result.createdAt(), result.created());
        });
    }

    /**
     * Revokes the folder share of the owner's folder with {@code username}; idempotent. As for a file, only the
     * revocation of an unexpired share is announced.
     */
    void unshareFolder(UUID owner, UUID folderId, String username) {
        tx.executeWithoutResult(status -> {
            FolderView folder = folders.requireOwner(owner, folderId);
            accounts.findUserId(username).ifPresent(id -> {
                if (folders.unshare(folderId, id)) {
                    events.publishEvent(new FolderUnshared(
                            folderId, folder.name(), owner, folder.owner(), id, username.toLowerCase(Locale.ROOT)));
                }
            });
        });
    }

    /** Deletes shares that expired before {@code cutoff}; they already count as none, this only tidies up. */
    int removeExpiredBefore(Instant cutoff) {
        return shares.deleteExpiredBefore(cutoff);
    }
}
