package dev.filesys.file.accounts;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What {@link UserRepository} does in SQL: the admins' keyset-paged listing, and removing a user with all they own. */
interface UserStatements {

    /**
     * Users in name order after {@code after}, at most {@code limit}.
     *
     * @param prefix only names starting with this (lower-case), or null for all
     * @param after the last name of the previous page, or null for the first
     */
    List<UserSummary> page(@Nullable String prefix, @Nullable String after, int limit);

    /**
     * Deletes the user's row; everything that references it goes with it (files, folders, shares given and received,
     * uploads, sessions, usage: {@code ON DELETE CASCADE}).
     */
    void deleteRow(UUID userId);
}
