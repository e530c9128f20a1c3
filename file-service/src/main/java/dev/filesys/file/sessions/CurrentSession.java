package dev.filesys.file.sessions;

import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The open session a request names with {@code Authorization: Bearer <sessionToken>}, logged in or not. A controller
 * method that declares a parameter of this type gets it resolved like {@link CurrentUser}, but without requiring a
 * user: registration and login need a session, not a user.
 *
 * @param sessionId the session's id
 * @param userId the user it is logged in as, or null
 * @param username that user's name, or null
 * @param admin whether that user is an admin
 * @param mustChangePassword whether that user must change their password (after an admin's reset) before anything else
 */
public record CurrentSession(
        UUID sessionId, @Nullable UUID userId, @Nullable String username, boolean admin, boolean mustChangePassword) {

    /** The codes of the 401s an endpoint taking a {@code CurrentSession} may answer, for its API documentation. */
    public static final String REFUSALS = "SESSION_REQUIRED, SESSION_EXPIRED";

    /** A session of an ordinary user (or of none) who may do anything. */
    public CurrentSession(UUID sessionId, @Nullable UUID userId, @Nullable String username) {
        this(sessionId, userId, username, false, false);
    }

    /** The user, when the session is logged in. */
    public Optional<CurrentUser> user() {
        return userId == null ? Optional.empty() : Optional.of(new CurrentUser(userId, username));
    }
}
