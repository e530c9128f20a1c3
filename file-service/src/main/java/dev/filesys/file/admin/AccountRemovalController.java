package dev.filesys.file.admin;

import dev.filesys.file.sessions.CurrentSession;
import dev.filesys.file.sessions.CurrentUser;
import dev.filesys.support.ApiError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code DELETE /api/v1/me}: a user removes their own account, with their password. */
@Tag(name = "Accounts", description = "Registering, logging in and out, and who you are")
@RestController
@RequestMapping("/api/v1/me")
class AccountRemovalController {

    private final AdminService admin;

    AccountRemovalController(AdminService admin) {
        this.admin = admin;
    }

    @Operation(
            operationId = "deleteOwnAccount",
            summary = "Delete your account",
            description = "With your password (checked like a login, throttled). Your files, folders, versions, shares"
                    + " and sessions go at once; this session's token answers SESSION_REQUIRED from now on.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", description = "MALFORMED_REQUEST: no password")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(
            responseCode = "403",
            description = "WRONG_PASSWORD (it counts as a failed login), PASSWORD_CHANGE_REQUIRED")
    @ApiResponse(responseCode = "409", description = "LAST_ADMIN: you are the last active admin")
    @ApiResponse(
            responseCode = "429",
            description = "TOO_MANY_ATTEMPTS: try again after Retry-After seconds",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")))
    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(
            CurrentSession session,
            CurrentUser user,
            @RequestBody PasswordConfirmation body,
            HttpServletRequest request) {
        if (body.password() == null) {
            throw ApiError.MALFORMED_REQUEST.exception("Send {\"password\"}: your current password.");
        }
        admin.deleteSelf(session, body.password(), request.getRemoteAddr());
    }

    /** @param password your current password */
    record PasswordConfirmation(@Nullable String password) {}
}
