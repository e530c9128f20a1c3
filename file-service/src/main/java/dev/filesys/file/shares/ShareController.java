package dev.filesys.file.shares;

import dev.filesys.file.files.FileNotFound;
import dev.filesys.file.sessions.CurrentUser;
import dev.filesys.support.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /api/v1/files/{fileId}/shares/{username}} grants (201 when new, 200 when it updated an existing share)
 * and {@code DELETE} on the same path revokes (204, also when there was nothing to revoke).
 */
@Tag(name = "Shares", description = "Sharing a file with another user, and taking it back")
@RestController
@RequestMapping("/api/v1/files/{fileId}/shares/{username}")
class ShareController {

    private final ShareService shares;

    ShareController(ShareService shares) {
        this.shares = shares;
    }

    @Operation(
            operationId = "shareFile",
            summary = "Share a file",
            description = "Owner only. Grants read access to the named user, optionally until expiresAt; repeating"
                    + " it updates the expiry.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "201", description = "Shared")
    @ApiResponse(responseCode = "200", description = "The share existed and was updated")
    @ApiResponse(
            responseCode = "400",
            description = "CANNOT_SHARE_WITH_SELF, INVALID_PERMISSION, MALFORMED_REQUEST, INVALID_EXPIRY (expiresAt"
                    + " must be after now and no later than 9999-12-31T23:59:59.999999Z)")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "403", description = "NOT_OWNER: it is shared with you, not yours")
    @ApiResponse(responseCode = "404", description = "FILE_NOT_FOUND, USER_NOT_FOUND")
    @PutMapping
    ResponseEntity<ShareView> share(
            CurrentUser user,
            @PathVariable String fileId,
            @PathVariable String username,
            @RequestBody(required = false) ShareRequest request) {
        ShareRequest body = request == null ? new ShareRequest(null, null) : request;
        ShareService.Granted granted = shares.share(
                user.userId(),
                PathIds.parse(fileId, FileNotFound::noSuchFile),
                username,
                body.permission(),
                body.expiresAt());
        return ResponseEntity.status(granted.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(granted.share());
    }

    @Operation(
            operationId = "unshareFile",
            summary = "Unshare a file",
            description = "Owner only; idempotent.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "204", description = "Not shared (any more)")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "403", description = "NOT_OWNER")
    @ApiResponse(responseCode = "404", description = "FILE_NOT_FOUND")
    @DeleteMapping
    ResponseEntity<Void> unshare(CurrentUser user, @PathVariable String fileId, @PathVariable String username) {
        shares.unshare(user.userId(), PathIds.parse(fileId, FileNotFound::noSuchFile), username);
        return ResponseEntity.noContent().build();
    }
}
