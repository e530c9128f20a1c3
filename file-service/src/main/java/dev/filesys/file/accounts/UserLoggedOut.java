package dev.filesys.file.accounts;

import java.util.UUID;

/**
 * A session logged out; it stays open without a user. Published as an application event inside the logout
 * transaction.
 *
 * @param userId the user it was logged in as
 * @param sessionId the session
 */
public record UserLoggedOut(UUID userId, UUID sessionId) {}
