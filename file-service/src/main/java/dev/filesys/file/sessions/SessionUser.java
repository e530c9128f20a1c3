package dev.filesys.file.sessions;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A session and the user it is (or was) logged in as.
 *
 * @param userId the user, or null for a session without one
 */
record SessionUser(UUID sessionId, @Nullable UUID userId) {}
