package dev.filesys.file.admin;

import dev.filesys.file.accounts.AccountAdministration;
import dev.filesys.file.accounts.AccountService;
import dev.filesys.file.accounts.UserSummary;
import dev.filesys.file.blobs.BlobIntegrity;
import dev.filesys.file.blobs.FsckReport;
import dev.filesys.file.blobs.IntegrityFinding;
import dev.filesys.file.files.FileService;
import dev.filesys.file.files.StorageQuota;
import dev.filesys.file.sessions.AdminUser;
import dev.filesys.file.sessions.CurrentSession;
import dev.filesys.file.sessions.SessionRequired;
import dev.filesys.support.ApiError;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The admin API's rules: each action and its audit record commit together, or neither does. Removing a user (by an
 * admin or by themselves) takes their usage row's lock first, the one every upload's commit takes, so an upload racing
 * the removal either commits before it (and its file goes with the user) or fails after it (and leaves nothing).
 */
@Service
class AdminService {

    /** The name the audit log gives the operator who used the cluster token. */
    static final String OPERATOR = "(cluster token)";

    private final AccountAdministration accounts;
    private final AccountService accountService;
    private final StorageQuota quota;
    private final FileService files;
    private final AuditLog audit;
    private final BlobIntegrity integrity;
    private final TransactionTemplate tx;

    AdminService(
            AccountAdministration accounts,
            AccountService accountService,
            StorageQuota quota,
            FileService files,
            AuditLog audit,
            BlobIntegrity integrity,
            PlatformTransactionManager transactions) {
        this.accounts = accounts;
        this.accountService = accountService;
        this.quota = quota;
        this.files = files;
        this.audit = audit;
        this.integrity = integrity;
        this.tx = new TransactionTemplate(transactions);
    }

    /** A page of users with what they store. */
    List<UserUsage> users(@Nullable String prefix, @Nullable String after, int limit) {
        List<UserSummary> page = accounts.page(prefix, after, limit);
        Map<UUID, StorageQuota.Usage> usage =
                quota.usageOf(page.stream().map(UserSummary::userId).toList());
        return page.stream()
                .map(user -> new UserUsage(user, usage.getOrDefault(user.userId(), emptyUsage())))
                .toList();
    }

    UserUsage user(String username) {
        return withUsage(accounts.find(username));
    }

    /** What the scrubber and fsck found damaged or missing, with the files and owners affected. */
    List<IntegrityFinding> integrity() {
        return integrity.report();
    }

    /**
     * Checks the blob rows against the blob store; with {@code fix}, fixes what is safe to fix. A run that fixes is
     * recorded in the audit log (after it ran: it reads the whole store, which no transaction should span).
     */
    FsckReport fsck(AdminUser admin, boolean fix, boolean checksums, String address) {
        FsckReport report;
        try {
            report = integrity.fsck(fix, checksums);
        } catch (IOException e) {
            throw FileService.storageFailed(e);
        }
        if (fix) {
            tx.executeWithoutResult(status -> audit.record(
                    admin.userId(),
                    admin.username(),
                    "fsck_fix",
                    null,
                    null,
                    Map.of(
                            "problems", report.problems().size(),
                            "fixed",
                                    report.problems().stream()
                                            .filter(FsckReport.Problem::fixed)
                                            .count(),
                            "clean", report.clean()),
                    address));
        }
        return report;
    }

    UserUsage disable(AdminUser admin, String username, String address) {
        return act(admin, "disable", address, Map.of(), () -> accounts.disable(username));
    }

    UserUsage enable(AdminUser admin, String username, String address) {
        return act(admin, "enable", address, Map.of(), () -> accounts.enable(username));
    }

    UserUsage setRole(AdminUser admin, String username, String role, String address) {
        return act(admin, "set_role", address, Map.of("role", role), () -> accounts.setRole(username, role));
    }

    UserUsage setQuota(AdminUser admin, String username, @Nullable Long quotaBytes, String address) {
        // a null quota (back to the deployment's) is recorded too
        Map<String, Object> detail = Collections.singletonMap("quotaBytes", quotaBytes);
        return act(admin, "set_quota", address, detail, () -> accounts.setQuota(username, quotaBytes));
    }

    /** Resets the password; the answer holds the temporary one, which is never stored or logged in clear. */
    PasswordReset resetPassword(AdminUser admin, String username, String address) {
        accounts.find(username); // an unknown name costs no hashing
        AccountAdministration.TemporaryPassword temporary = accounts.newTemporaryPassword();
        UserUsage user =
                act(admin, "reset_password", address, Map.of(), () -> accounts.resetPassword(username, temporary));
        return new PasswordReset(user.user().username(), temporary.password());
    }

    void delete(AdminUser admin, String username, String address) {
        UUID id = accounts.idOf(username);
        tx.executeWithoutResult(status -> {
            UserSummary removed;
            try {
                removed = remove(id, username);
            } catch (SessionRequired e) {
                // another removal of the same user committed while this one waited for the lock
                throw ApiError.USER_NOT_FOUND.exception("There is no user named " + username + ".");
            }
            audit.record(
                    admin.userId(),
                    admin.username(),
                    "delete",
                    removed.userId(),
                    removed.username(),
                    Map.of(),
                    address);
        });
    }

    /** A user removes their own account, password confirmed (throttled like a login). */
    void deleteSelf(CurrentSession session, String password, String address) {
        accountService.confirmPassword(session, password, address);
        String username = Objects.requireNonNull(session.username());
        UUID id = Objects.requireNonNull(session.userId());
        tx.executeWithoutResult(status -> remove(id, username));
    }

    /** The operator makes an existing user an admin, with the cluster token. */
    UserUsage promote(String username, String address) {
        return act(null, OPERATOR, "set_role", address, Map.of("role", "admin"), () -> accounts.promote(username));
    }

    List<AuditLog.Entry> audit(@Nullable Long before, int limit) {
        return audit.page(before, limit);
    }

    /** In the caller's transaction: the usage row's lock first (as uploads take it), then the user's. */
    private UserSummary remove(UUID id, String username) {
        quota.lock(id);
        UserSummary user = accounts.lockForRemoval(username);
        if (!user.userId().equals(id)) {
            // the name changed hands between the lookup and the lock: act on nobody rather than on someone else
            throw ApiError.USER_NOT_FOUND.exception("There is no user named " + username + ".");
        }
        files.releaseAllOf(id);
        accounts.removeLocked(id);
        return user;
    }

    private UserUsage act(
            AdminUser admin, String action, String address, Map<String, ?> detail, Supplier<UserSummary> change) {
        return act(admin.userId(), admin.username(), action, address, detail, change);
    }

    /** Makes the change and records it in the audit log, in one transaction. */
    private UserUsage act(
            @Nullable UUID adminId,
            String adminName,
            String action,
            String address,
            Map<String, ?> detail,
            Supplier<UserSummary> change) {
        UserSummary user = tx.execute(status -> {
            UserSummary changed = change.get();
            audit.record(adminId, adminName, action, changed.userId(), changed.username(), detail, address);
            return changed;
        });
        return withUsage(user);
    }

    private UserUsage withUsage(UserSummary user) {
        return new UserUsage(user, quota.usageOf(List.of(user.userId())).getOrDefault(user.userId(), emptyUsage()));
    }

    private StorageQuota.Usage emptyUsage() {
        return new StorageQuota.Usage(0, 0, 0, 0, 0, 0, 0, quota.quota());
    }

    /** A user and what they store. */
    record UserUsage(UserSummary user, StorageQuota.Usage usage) {}

    /** A reset: the user and their temporary password, shown once. */
    record PasswordReset(String username, String temporaryPassword) {}
}
