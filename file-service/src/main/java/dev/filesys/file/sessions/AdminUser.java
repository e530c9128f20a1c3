package dev.filesys.file.sessions;

import java.util.UUID;

/**
 * The admin the request's session is logged in as. A controller method that declares a parameter of this type gets it
 * resolved like {@link CurrentUser}; any request that is not an admin's (no session, an expired one, a user who is not
 * an admin) is answered with the same {@code 404} as a path that does not exist, so the admin API cannot be discovered.
 *
 * @param userId the admin's id
 * @param username the admin's (lower-case) name
 * @param sessionId the session the request came on
 */
public record AdminUser(UUID userId, String username, UUID sessionId) {}
