package dev.filesys.file.accounts;

import java.util.UUID;

/**
 * A session logged in (and got a new token). Published as an application event inside the login transaction.
 *
 * @param userId the user it is now logged in as
 * @param sessionId the session
 */
public record UserLoggedIn(UUID userId, UUID sessionId) {}
