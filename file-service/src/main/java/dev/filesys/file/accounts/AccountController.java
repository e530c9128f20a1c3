package dev.filesys.file.accounts;

import dev.filesys.file.sessions.CurrentSession;
import dev.filesys.file.sessions.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.http.HttpStatus;
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
@RestController
@RequestMapping("/api/v1")
class AccountController {

    private final AccountService accounts;

    AccountController(AccountService accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    UserView register(CurrentSession session, @RequestBody CredentialsRequest request) {
        AccountService.Account account = accounts.register(session, request.username(), request.password());
        return new UserView(account.userId(), account.username());
    }

    @PostMapping("/login")
    LoginResponse login(
            CurrentSession session, @RequestBody CredentialsRequest request, HttpServletRequest httpRequest) {
        AccountService.LoggedIn loggedIn =
                accounts.login(session, request.username(), request.password(), httpRequest.getRemoteAddr());
        return new LoginResponse(loggedIn.account().userId(), loggedIn.account().username(), loggedIn.sessionToken());
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(CurrentSession session) {
        accounts.logout(session);
    }

    @GetMapping("/me")
    UserView me(CurrentUser user) {
        return new UserView(user.userId(), user.username());
    }

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
