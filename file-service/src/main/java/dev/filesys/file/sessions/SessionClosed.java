package dev.filesys.file.sessions;

import java.util.UUID;

/**
 * A logged-in session ended. Published as an application event inside the transaction that closes it, so a listener
 * runs in that transaction (and a failing listener rolls the close back). Sessions without a user end silently.
 *
 * @param sessionId the session that ended
 * @param userId the user it was logged in as
 * @param reason why it ended
 */
public record SessionClosed(UUID sessionId, UUID userId, Reason reason) {

    /** Why a session ended. */
    public enum Reason {
        /** The client closed it ({@code DELETE /api/v1/sessions/current}). */
        CLOSED,
        /** It outlived its idle timeout or its absolute lifetime. */
        EXPIRED,
        /** A resuming handshake (after a fail-over) took it over; the client goes on with the new session. */
        RESUMED,
        /**
         * Ended for its user: a password change or reset, "log out other devices", a disable or a deletion of the
         * account.
         */
        REVOKED
    }
}
