package dev.filesys.file.accounts;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A user as admins see them.
 *
 * @param role {@code user} or {@code admin}
 * @param disabledAt when they were disabled, or null
 * @param mustChangePassword whether an admin reset their password and they have not chosen a new one yet
 * @param quotaBytes their own storage quota, or null for the deployment's
 * @param lastLoginAt their last successful login, or null for none
 */
public record UserSummary(
        UUID userId,
        String username,
        String role,
        @Nullable Instant disabledAt,
        boolean mustChangePassword,
        @Nullable Long quotaBytes,
        Instant createdAt,
        @Nullable Instant lastLoginAt) {

    static UserSummary of(User user) {
        return new UserSummary(
                user.getId(),
                user.username(),
                user.role(),
                user.disabledAt(),
                user.mustChangePassword(),
                user.quotaBytes(),
                user.createdAt(),
                user.lastLoginAt());
    }
}
