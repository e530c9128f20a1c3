package dev.filesys.file.admin;

import dev.filesys.file.accounts.UserSummary;
import dev.filesys.file.blobs.FsckReport;
import dev.filesys.file.blobs.IntegrityFinding;
import dev.filesys.file.files.StorageQuota;
import dev.filesys.file.sessions.AdminUser;
import dev.filesys.support.ApiError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API under {@code /api/v1/admin}: users and their usage, disabling, removal, password resets, quotas, roles
 * and the audit log. Every method takes an {@link AdminUser}: to anyone else the whole API answers the {@code 404} of a
 * path that does not exist.
 */
@Tag(name = "Administration", description = "Users, usage, quotas and the audit log, for admins")
@RestController
@RequestMapping("/api/v1/admin")
class AdminController {

    private static final String NOT_ADMIN =
            "NOT_FOUND: the same answer as a path that does not exist, for anyone but a logged-in admin";
    private static final String NO_USER = "USER_NOT_FOUND: no user has that name";
    private static final int MAX_LIMIT = 500;

    private final AdminService admin;

    AdminController(AdminService admin) {
        this.admin = admin;
    }

    @Operation(
            operationId = "adminListUsers",
            summary = "List users",
            description = "Users in name order with what they store, a page at a time: pass the answer's next as"
                    + " after for the following page (none when next is null).",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "A page of users")
    @ApiResponse(responseCode = "400", description = "INVALID_REQUEST: limit outside 1-500")
    @ApiResponse(responseCode = "404", description = NOT_ADMIN)
    @GetMapping("/users")
    UserPage users(
            AdminUser caller,
            @Parameter(description = "only names starting with this") @RequestParam(required = false) @Nullable
                    String q,
            @Parameter(description = "the last name of the previous page") @RequestParam(required = false) @Nullable
                    String after,
            @Parameter(description = "at most this many (1-500)") @RequestParam(defaultValue = "50") int limit) {
        List<UserView> items = admin.users(q, after, checkLimit(limit)).stream()
                .map(AdminController::view)
                .toList();
        return new UserPage(items, items.size() == limit ? items.getLast().username() : null);
    }

    @Operation(
            operationId = "adminGetUser",
            summary = "One user and their usage",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The user")
    @ApiResponse(responseCode = "404", description = NOT_ADMIN + "; " + NO_USER)
    @GetMapping("/users/{username}")
    UserView user(AdminUser caller, @PathVariable String username) {
        return view(admin.user(username));
    }

    @Operation(
            operationId = "adminDisableUser",
            summary = "Disable a user",
            description = "They cannot log in (ACCOUNT_DISABLED) and every session of theirs ends at once, on every"
                    + " server; their files stay.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The user, disabled")
    @ApiResponse(responseCode = "404", description = NOT_ADMIN + "; " + NO_USER)
    @ApiResponse(responseCode = "409", description = "LAST_ADMIN: they are the last active admin")
    @PostMapping("/users/{username}/disable")
    UserView disable(AdminUser caller, @PathVariable String username, HttpServletRequest request) {
        return view(admin.disable(caller, username, request.getRemoteAddr()));
    }

    @Operation(
            operationId = "adminEnableUser",
            summary = "Enable a disabled user",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The user, enabled")
    @ApiResponse(responseCode = "404", description = NOT_ADMIN + "; " + NO_USER)
    @PostMapping("/users/{username}/enable")
    UserView enable(AdminUser caller, @PathVariable String username, HttpServletRequest request) {
        return view(admin.enable(caller, username, request.getRemoteAddr()));
    }

    @Operation(
            operationId = "adminDeleteUser",
            summary = "Delete a user and everything they own",
            description = "Their files, folders, versions, shares (given and received), uploads and sessions go at"
                    + " once; blobs nothing else references are freed by the sweeper after its grace period.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = NOT_ADMIN + "; " + NO_USER)
    @ApiResponse(responseCode = "409", description = "LAST_ADMIN: they are the last active admin")
    @DeleteMapping("/users/{username}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(AdminUser caller, @PathVariable String username, HttpServletRequest request) {
        admin.delete(caller, username, request.getRemoteAddr());
    }

    @Operation(
            operationId = "adminResetPassword",
            summary = "Reset a user's password",
            description = "Sets a random temporary password, shown once in the answer (never stored in clear or"
                    + " logged). Every session of theirs ends; after logging in with it they must change it (POST"
                    + " /api/v1/me/password) before anything else: every other call answers 403"
                    + " PASSWORD_CHANGE_REQUIRED.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The temporary password")
    @ApiResponse(responseCode = "404", description = NOT_ADMIN + "; " + NO_USER)
    @ApiResponse(responseCode = "503", description = "SERVER_BUSY: every password-hashing thread is busy")
    @PostMapping("/users/{username}/password-reset")
    ResponseEntity<PasswordResetView> resetPassword(
            AdminUser caller, @PathVariable String username, HttpServletRequest request) {
        AdminService.PasswordReset reset = admin.resetPassword(caller, username, request.getRemoteAddr());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new PasswordResetView(reset.username(), reset.temporaryPassword()));
    }

    @Operation(
            operationId = "adminSetQuota",
            summary = "Set a user's storage quota",
            description = "quotaBytes null (or left out) gives them the deployment's quota again. A quota below what"
                    + " they use is allowed: they keep their files, and uploads are refused with QUOTA_EXCEEDED until"
                    + " they are under it.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The user with the quota")
    @ApiResponse(responseCode = "400", description = "INVALID_QUOTA: negative; MALFORMED_REQUEST")
    @ApiResponse(responseCode = "404", description = NOT_ADMIN + "; " + NO_USER)
    @PutMapping("/users/{username}/quota")
    UserView setQuota(
            AdminUser caller,
            @PathVariable String username,
            @RequestBody QuotaRequest body,
            HttpServletRequest request) {
        return view(admin.setQuota(caller, username, body.quotaBytes(), request.getRemoteAddr()));
    }

    @Operation(
            operationId = "adminSetRole",
            summary = "Make a user an admin, or an ordinary user",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The user with the role")
    @ApiResponse(responseCode = "400", description = "INVALID_ROLE: not user or admin; MALFORMED_REQUEST")
    @ApiResponse(responseCode = "404", description = NOT_ADMIN + "; " + NO_USER)
    @ApiResponse(responseCode = "409", description = "LAST_ADMIN: they are the last active admin")
    @PutMapping("/users/{username}/role")
    UserView setRole(
            AdminUser caller,
            @PathVariable String username,
            @RequestBody RoleRequest body,
            HttpServletRequest request) {
        if (body.role() == null) {
            throw ApiError.INVALID_ROLE.exception("The role is \"user\" or \"admin\".");
        }
        return view(admin.setRole(caller, username, body.role(), request.getRemoteAddr()));
    }

    @Operation(
            operationId = "adminAuditLog",
            summary = "The audit log",
            description = "Every admin action, newest first, a page at a time: pass the answer's next as before for"
                    + " the following page (none when next is null).",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "A page of entries")
    @ApiResponse(responseCode = "400", description = "INVALID_REQUEST: limit outside 1-500")
    @ApiResponse(responseCode = "404", description = NOT_ADMIN)
    @GetMapping("/audit")
    AuditPage audit(
            AdminUser caller,
            @Parameter(description = "the next of the previous page") @RequestParam(required = false) @Nullable
                    Long before,
            @Parameter(description = "at most this many (1-500)") @RequestParam(defaultValue = "50") int limit) {
        List<AuditLog.Entry> items = admin.audit(before, checkLimit(limit));
        return new AuditPage(items, items.size() == limit ? items.getLast().id() : null);
    }

    @Operation(
            operationId = "adminIntegrityReport",
            summary = "Blobs found damaged or missing",
            description = "What the background scrubber and fsck found, newest first (at most 1000), each with the"
                    + " files (current contents and earlier versions) and owners it affects. state: QUARANTINED,"
                    + " MISSING, HEALED or REMOVED.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The findings")
    @ApiResponse(responseCode = "404", description = NOT_ADMIN)
    @GetMapping("/integrity")
    ResponseEntity<List<IntegrityFinding>> integrity(AdminUser caller) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(admin.integrity());
    }

    @Operation(
            operationId = "adminRunFsck",
            summary = "Check the blob store against the database, and fix what is safe to fix",
            description = "Reports rows without blobs, blobs without rows (older than the sweeper's grace period),"
                    + " size and (with checksums=true, which reads every blob) checksum mismatches, and files whose"
                    + " content is quarantined. fix=true quarantines damaged blobs, re-records a size its bytes prove,"
                    + " and removes old blobs without a row; it never deletes a row a file references. A run with"
                    + " fix=true is recorded in the audit log.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The report; clean is true when nothing is left to fix")
    @ApiResponse(responseCode = "404", description = NOT_ADMIN)
    @ApiResponse(responseCode = "500", description = "STORAGE_ERROR: the blob store could not be read")
    @PostMapping("/fsck")
    ResponseEntity<FsckReport> fsck(
            AdminUser caller,
            @Parameter(description = "fix what is safe to fix") @RequestParam(defaultValue = "false") boolean fix,
            @Parameter(description = "read every blob and check its checksums, not only its size")
                    @RequestParam(defaultValue = "false")
                    boolean checksums,
            HttpServletRequest request) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(admin.fsck(caller, fix, checksums, request.getRemoteAddr()));
    }

    private static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiError.INVALID_REQUEST.exception("limit is 1 to " + MAX_LIMIT + ".");
        }
        return limit;
    }

    private static UserView view(AdminService.UserUsage found) {
        UserSummary user = found.user();
        StorageQuota.Usage usage = found.usage();
        return new UserView(
                user.userId(),
                user.username(),
                user.role(),
                user.disabledAt(),
                user.mustChangePassword(),
                usage.quotaBytes(),
                user.quotaBytes() == null,
                user.createdAt(),
                user.lastLoginAt(),
                new UsageView(
                        usage.files(),
                        usage.bytes(),
                        usage.trashedFiles(),
                        usage.trashedBytes(),
                        usage.versions(),
                        usage.versionBytes(),
                        usage.chargedBytes()));
    }

    /** @param quotaBytes the quota in bytes, or null for the deployment's */
    record QuotaRequest(@Nullable Long quotaBytes) {}

    /** @param role {@code user} or {@code admin} */
    record RoleRequest(@Nullable String role) {}

    /**
     * A page of users.
     *
     * @param next the after of the following page, or null when this is the last
     */
    record UserPage(List<UserView> items, @Nullable String next) {}

    /**
     * A user as admins see them.
     *
     * @param role {@code user} or {@code admin}
     * @param disabledAt when they were disabled, or null
     * @param mustChangePassword whether their password was reset and they have not chosen a new one
     * @param quotaBytes their storage quota
     * @param defaultQuota whether that is the deployment's (no quota of their own)
     * @param lastLoginAt their last login, or null
     */
    record UserView(
            UUID userId,
            String username,
            String role,
            @Nullable Instant disabledAt,
            boolean mustChangePassword,
            long quotaBytes,
            boolean defaultQuota,
            Instant createdAt,
            @Nullable Instant lastLoginAt,
            UsageView usage) {}

    /**
     * What a user stores.
     *
     * @param files their files, in the trash or not
     * @param bytes those files' sizes
     * @param trashedFiles of those, the ones in the trash
     * @param trashedBytes their sizes
     * @param versions earlier versions kept of their files
     * @param versionBytes their sizes
     * @param chargedBytes what counts against the quota (files, and resumable uploads in progress)
     */
    record UsageView(
            long files,
            long bytes,
            long trashedFiles,
            long trashedBytes,
            long versions,
            long versionBytes,
            long chargedBytes) {}

    /** @param temporaryPassword shown once: tell it to the user, who must change it at their next login */
    record PasswordResetView(String username, String temporaryPassword) {}

    /**
     * A page of the audit log.
     *
     * @param next the before of the following page, or null when this is the last
     */
    record AuditPage(List<AuditLog.Entry> items, @Nullable Long next) {}
}
