package dev.filesys.file.accounts;

import dev.filesys.file.sessions.CurrentSession;
import dev.filesys.file.sessions.CurrentUser;
import dev.filesys.file.sessions.PasswordChangeExempt;
import dev.filesys.support.ApiError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accounts over HTTP, each on the caller's open session: {@code POST /api/v1/users} (register, then logged in),
 * {@code POST /api/v1/login} (logged in with a new session token), {@code POST /api/v1/logout}, {@code GET
 * /api/v1/me}.
 */
@Tag(name = "Accounts", description = "Registering, logging in and out, and who you are")
@RestController
@RequestMapping("/api/v1")
class AccountController {

    private final AccountService accounts;

    AccountController(AccountService accounts) {
        this.accounts = accounts;
    }

    @Operation(
            operationId = "registerUser",
            summary = "Register",
            description = "Creates a user (name 3-32 of a-z 0-9 . _ -, case-insensitive; password 8-1024 characters,"
                    + " not a common or breached one, not one character repeated, not the name) and logs the session"
                    + " in as it; the session token stays the same. Limited per client address and per server.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "201", description = "The new user; the session is logged in")
    @ApiResponse(
            responseCode = "400",
            description = "INVALID_USERNAME, WEAK_PASSWORD (the detail says what is wrong: too short, too long, too"
                    + " common, ...), INVALID_PASSWORD (not text: an unpaired surrogate), MALFORMED_REQUEST")
    @ApiResponse(responseCode = "401", description = CurrentSession.REFUSALS)
    @ApiResponse(responseCode = "409", description = "USERNAME_TAKEN (names compare case-insensitively)")
    @ApiResponse(
            responseCode = "429",
            description = "RATE_LIMITED: too many registrations from your address (or on this server)",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")))
    @ApiResponse(
            responseCode = "503",
            description = "SERVER_BUSY: every password-hashing thread is busy; retry after Retry-After seconds",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")))
    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    UserView register(CurrentSession session, @RequestBody CredentialsRequest request, HttpServletRequest httpRequest) {
        AccountService.Account account = accounts.register(
                session,
                request.username(),
                request.password(),
                httpRequest.getRemoteAddr(),
                RegistrationGate.admissionOf(httpRequest));
        return new UserView(account.userId(), account.username());
    }

    @Operation(
            operationId = "logIn",
            summary = "Log in",
            description = "Logs the session in and rotates its token: use sessionToken from the answer, the old one"
                    + " stops working. Failures are throttled per name and per client address.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The user and the session's new token")
    @ApiResponse(
            responseCode = "401",
            description = "INVALID_CREDENTIALS (the same for an unknown name and a wrong password), "
                    + CurrentSession.REFUSALS)
    @ApiResponse(responseCode = "400", description = "INVALID_PASSWORD (not text: an unpaired surrogate; it counts)")
    @ApiResponse(
            responseCode = "503",
            description = "SERVER_BUSY: every password-hashing thread is busy (the attempt counts)",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")))
    @ApiResponse(
            responseCode = "429",
            description = "TOO_MANY_ATTEMPTS: try again after Retry-After seconds",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")))
    @PostMapping("/login")
    ResponseEntity<LoginResponse> login(
            CurrentSession session, @RequestBody CredentialsRequest request, HttpServletRequest httpRequest) {
        AccountService.LoggedIn loggedIn =
                accounts.login(session, request.username(), request.password(), httpRequest.getRemoteAddr());
        // the body carries the session's new token: no cache may keep it
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new LoginResponse(
                        loggedIn.account().userId(), loggedIn.account().username(), loggedIn.sessionToken()));
    }

    @Operation(
            operationId = "logOut",
            summary = "Log out",
            description = "Removes the user from the session, which stays open with the same token.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "204", description = "Logged out (also when no one was logged in)")
    @ApiResponse(responseCode = "401", description = CurrentSession.REFUSALS)
    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(CurrentSession session) {
        accounts.logout(session);
    }

    @Operation(
            operationId = "getCurrentUser",
            summary = "Who the session is logged in as",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(
            responseCode = "200",
            description = "The session's user, their role, and whether they must change" + " their password")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @GetMapping("/me")
    @PasswordChangeExempt
    MeView me(CurrentSession session, CurrentUser user) {
        return new MeView(
                user.userId(), user.username(), session.admin() ? "admin" : "user", session.mustChangePassword());
    }

    @Operation(
            operationId = "changePassword",
            summary = "Change your password",
            description = "The current password is checked like a login (failures are throttled per name and client"
                    + " address); the new one against the password rules. Every other session of yours ends; this one"
                    + " stays. After an admin's reset this is the only call allowed, with the temporary password as"
                    + " oldPassword.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "204", description = "Changed")
    @ApiResponse(
            responseCode = "400",
            description = "WEAK_PASSWORD (also: the new password is the old one), MALFORMED_REQUEST")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "403", description = "WRONG_PASSWORD: oldPassword is not your password (it counts)")
    @ApiResponse(
            responseCode = "429",
            description = "TOO_MANY_ATTEMPTS: try again after Retry-After seconds",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")))
    @ApiResponse(
            responseCode = "503",
            description = "SERVER_BUSY: every password-hashing thread is busy",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")))
    @PostMapping("/me/password")
    @PasswordChangeExempt
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(
            CurrentSession session,
            CurrentUser user,
            @RequestBody PasswordChangeRequest request,
            HttpServletRequest httpRequest) {
        if (request.oldPassword() == null || request.newPassword() == null) {
            throw ApiError.MALFORMED_REQUEST.exception("Send {\"oldPassword\", \"newPassword\"}.");
        }
        accounts.changePassword(session, request.oldPassword(), request.newPassword(), httpRequest.getRemoteAddr());
    }

    /**
     * @param oldPassword your current password (after an admin's reset: the temporary one)
     * @param newPassword the new password, 8–1024 characters, not a common one
     */
    record PasswordChangeRequest(
            @Nullable String oldPassword, @Nullable String newPassword) {}

    /**
     * Who you are.
     *
     * @param userId your id
     * @param username your lower-case name
     * @param role {@code user} or {@code admin}
     * @param mustChangePassword whether an admin reset your password: change it before anything else
     */
    record MeView(UUID userId, String username, String role, boolean mustChangePassword) {}

    /**
     * @param username the user name (any case; stored lower-case)
     * @param password the password, 8–1024 characters
     */
    record CredentialsRequest(String username, String password) {}

    /**
     * A user as clients see it.
     *
     * @param userId the user's id
     * @param username the user's lower-case name
     */
    record UserView(UUID userId, String username) {}

    /**
     * A successful login.
     *
     * @param userId the user's id
     * @param username the user's lower-case name
     * @param sessionToken the session's new token: the one used for the login request no longer works
     */
    record LoginResponse(UUID userId, String username, String sessionToken) {}
}
