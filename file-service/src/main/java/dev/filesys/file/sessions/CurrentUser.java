package dev.filesys.file.sessions;

import java.util.UUID;

/**
 * The user the request's session is logged in as. A controller method that declares a parameter of this type gets it
 * resolved from the {@code Authorization: Bearer <sessionToken>} header; a request without an open, logged-in session
 * is refused with a 401 problem before the method runs. The client never names its user: the session does.
 *
 * @param userId the user's id
 * @param username the user's (lower-case) name
 */
public record CurrentUser(UUID userId, String username) {

    /** The codes of the 401s an endpoint taking a {@code CurrentUser} may answer, for its API documentation. */
    public static final String REFUSALS = "SESSION_REQUIRED, SESSION_EXPIRED, NOT_LOGGED_IN";
}
