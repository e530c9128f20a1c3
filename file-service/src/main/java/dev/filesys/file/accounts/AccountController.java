package dev.filesys.file.accounts;

import dev.filesys.file.sessions.CurrentUser;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Accounts over HTTP: {@code GET /api/v1/me}. */
@RestController
@RequestMapping("/api/v1")
class AccountController {

    @GetMapping("/me")
    UserView me(CurrentUser user) {
        return new UserView(user.userId(), user.username());
    }

    /**
     * A user as clients see it.
     *
     * @param userId the user's id
     * @param username the user's lower-case name
     */
    record UserView(UUID userId, String username) {}
}
