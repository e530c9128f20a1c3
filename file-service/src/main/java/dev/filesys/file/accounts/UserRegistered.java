package dev.filesys.file.accounts;

import java.util.UUID;

/**
 * A user was created, and the session that registered it is now logged in as it. Published as an application event
 * inside the registering transaction, so a listener runs in it (and a failing listener rolls the registration back).
 *
 * @param username the new user's (lower-case) name
 * @param sessionId the session that registered it
 */
public record UserRegistered(UUID userId, String username, UUID sessionId) {}
