package dev.filesys.file.shares;

import dev.filesys.file.files.FolderNotFound;
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
 * {@code PUT /api/v1/folders/{folderId}/shares/{username}} grants read access to a folder and all it holds, now and
 * later (201 when new, 200 when it updated an existing share); {@code DELETE} on the same path revokes (204, also when
 * there was nothing to revoke). Same body, rules and codes as a file's share.
 */
@Tag(name = "Shares", description = "Sharing a file with another user, and taking it back")
@RestController
@RequestMapping("/api/v1/folders/{folderId}/shares/{username}")
class FolderShareController {

    private final ShareService shares;

    FolderShareController(ShareService shares) {
        this.shares = shares;
    }

    @Operation(
            operationId = "shareFolder",
            summary = "Share a folder",
            description = "Owner only. Grants the named user read access to everything the folder holds, at every"
                    + " level below it, now and later, optionally until expiresAt; repeating it updates the expiry."
                    + " Moving a file out of the folder, or deleting it, ends that access at once (on the service's other"
                    + " instances, within a second).",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "201", description = "Shared")
    @ApiResponse(responseCode = "200", description = "The share existed and was updated")
    @ApiResponse(
            responseCode = "400",
            description = "CANNOT_SHARE_WITH_SELF, INVALID_PERMISSION, MALFORMED_REQUEST, INVALID_EXPIRY")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "403", description = "NOT_OWNER: it is shared with you, not yours")
    @ApiResponse(responseCode = "404", description = "FOLDER_NOT_FOUND, USER_NOT_FOUND")
    @PutMapping
    ResponseEntity<FolderShareView> share(
            CurrentUser user,
            @PathVariable String folderId,
            @PathVariable String username,
            @RequestBody(required = false) ShareRequest request) {
        ShareRequest body = request == null ? new ShareRequest(null, null) : request;
        FolderShareView granted = shares.shareFolder(
                user.userId(),
                PathIds.parse(folderId, FolderNotFound::noSuchFolder),
                username,
                body.permission(),
                body.expiresAt());
        return ResponseEntity.status(granted.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(granted);
    }

    @Operation(
            operationId = "unshareFolder",
            summary = "Unshare a folder",
            description = "Owner only; idempotent. Access to everything the folder holds ends at once (on the"
                    + " service's other instances, within a second).",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "204", description = "Not shared (any more)")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "403", description = "NOT_OWNER")
    @ApiResponse(responseCode = "404", description = "FOLDER_NOT_FOUND")
    @DeleteMapping
    ResponseEntity<Void> unshare(CurrentUser user, @PathVariable String folderId, @PathVariable String username) {
        shares.unshareFolder(user.userId(), PathIds.parse(folderId, FolderNotFound::noSuchFolder), username);
        return ResponseEntity.noContent().build();
    }
}
