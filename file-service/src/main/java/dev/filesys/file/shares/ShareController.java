package dev.filesys.file.shares;

import dev.filesys.file.files.FileNotFound;
import dev.filesys.file.sessions.CurrentUser;
import java.util.UUID;
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
@RestController
@RequestMapping("/api/v1/files/{fileId}/shares/{username}")
class ShareController {

    private final ShareService shares;

    ShareController(ShareService shares) {
        this.shares = shares;
    }

    @PutMapping
    ResponseEntity<ShareView> share(
            CurrentUser user,
            @PathVariable String fileId,
            @PathVariable String username,
            @RequestBody(required = false) ShareRequest request) {
        ShareRequest body = request == null ? new ShareRequest(null, null) : request;
        ShareService.Granted granted =
                shares.share(user.userId(), fileId(fileId), username, body.permission(), body.expiresAt());
        return ResponseEntity.status(granted.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(granted.share());
    }

    @DeleteMapping
    ResponseEntity<Void> unshare(CurrentUser user, @PathVariable String fileId, @PathVariable String username) {
        shares.unshare(user.userId(), fileId(fileId), username);
        return ResponseEntity.noContent().build();
    }

    /** A file id; anything that is not one names no file. */
    private static UUID fileId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new FileNotFound("No such file.");
        }
    }
}
