package dev.filesys.file.accounts;

import dev.filesys.file.sessions.SessionService;
import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What admins do to accounts: list them, disable and enable them, make and unmake admins, set their quota, reset their
 * password, and remove them. Each change runs in the caller's transaction (which also writes the audit log); the last
 * active admin can never be disabled, demoted or removed ({@code 409 LAST_ADMIN}), decided under a lock on every admin's
 * row so two admins demoting each other cannot both succeed.
 */
@Service
public class AccountAdministration {

    /** The letters of temporary passwords: no look-alikes (0 O 1 l I). */
    private static final char[] TEMPORARY_ALPHABET =
            "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    /** 20 of 56 letters: about 116 bits. */
    private static final int TEMPORARY_LENGTH = 20;

    private final UserRepository users;
    private final PasswordHashing passwords;
    private final SessionService sessions;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    AccountAdministration(UserRepository users, PasswordHashing passwords, SessionService sessions, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * A page of users in name order.
     *
     * @param prefix only names starting with this (any case), or null for all
     * @param after the last name of the previous page, or null for the first page
     */
    @Transactional(readOnly = true)
    public List<UserSummary> page(@Nullable String prefix, @Nullable String after, int limit) {
        return users.page(
                prefix == null ? null : Credentials.normalizeUsername(prefix),
                after == null ? null : Credentials.normalizeUsername(after),
                limit);
    }

    /** @throws ApiException {@code USER_NOT_FOUND} */
    @Transactional(readOnly = true)
    public UserSummary find(String username) {
        return UserSummary.of(named(username));
    }

    /** Disables the user and closes every session of theirs; disabling a disabled user changes nothing. */
    @Transactional(propagation = Propagation.MANDATORY)
    public UserSummary disable(String username) {
        User user = lockedKeepingAnAdmin(username, true, "disabled");
        user.disable(clock.instant());
        sessions.closeAllOf(user.getId(), null);
        return UserSummary.of(user);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public UserSummary enable(String username) {
        User user = lockedNamed(username);
        user.enable();
        return UserSummary.of(user);
    }

    /**
     * Makes the user an admin or an ordinary user.
     *
     * @throws ApiException {@code INVALID_ROLE} for a role other than {@code user} and {@code admin}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UserSummary setRole(String username, String role) {
        if (!User.ROLE_USER.equals(role) && !User.ROLE_ADMIN.equals(role)) {
            throw ApiError.INVALID_ROLE.exception("The role is \"user\" or \"admin\".");
        }
        User user = lockedKeepingAnAdmin(username, User.ROLE_USER.equals(role), "demoted");
        user.setRole(role);
        sessions.userChanged(user.getId());
        return UserSummary.of(user);
    }

    /**
     * Sets the user's storage quota. One below what they use is allowed: they keep their files and can store nothing
     * more until they are under it.
     *
     * @param quotaBytes bytes, or null for the deployment's quota
     * @throws ApiException {@code INVALID_QUOTA} for a negative quota
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UserSummary setQuota(String username, @Nullable Long quotaBytes) {
        if (quotaBytes != null && quotaBytes < 0) {
            throw ApiError.INVALID_QUOTA.exception(
                    "A quota is a number of bytes, 0 or more (or null for the default).");
        }
        User user = lockedNamed(username);
        user.setQuotaBytes(quotaBytes);
        return UserSummary.of(user);
    }

    /** A new random temporary password and its hash; hashed outside any transaction (it takes tens of milliseconds). */
    public TemporaryPassword newTemporaryPassword() {
        char[] letters = new char[TEMPORARY_LENGTH];
        for (int i = 0; i < letters.length; i++) {
            letters[i] = TEMPORARY_ALPHABET[random.nextInt(TEMPORARY_ALPHABET.length)];
        }
        String password = new String(letters);
        return new TemporaryPassword(password, passwords.hash(password));
    }

    /**
     * Gives the user the temporary password: they must choose their own at their next login, and every session of
     * theirs is closed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UserSummary resetPassword(String username, TemporaryPassword password) {
        User user = lockedNamed(username);
        user.passwordReset(password.hash());
        sessions.closeAllOf(user.getId(), null);
        return UserSummary.of(user);
    }

    /** The id of the user with this name, without locking anything. */
    @Transactional(readOnly = true)
    public UUID idOf(String username) {
        return named(username).getId();
    }

    /**
     * Locks the user's row for their removal and checks that they may go: not the last active admin. Their sessions
     * are closed (announced, so event streams end); {@link #removeLocked} deletes the row.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UserSummary lockForRemoval(String username) {
        User user = lockedKeepingAnAdmin(username, true, "deleted");
        sessions.closeAllOf(user.getId(), null);
        return UserSummary.of(user);
    }

    /** Deletes the row of a user {@link #lockForRemoval} locked, and with it everything that references it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void removeLocked(UUID userId) {
        users.flush();
        users.deleteRow(userId);
    }

    /**
     * Makes an existing user an admin, for the operator's bootstrap of the first admin (with the cluster token).
     *
     * @throws ApiException {@code USER_NOT_FOUND}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UserSummary promote(String username) {
        return setRole(username, User.ROLE_ADMIN);
    }

    /**
     * Locks every admin's row, then the named user's (one lock order for every action): when the action takes an active
     * admin away, another active admin must remain.
     *
     * @param takesAdminAway whether the action ends the user's being an admin, if they are one
     * @param what what the action does to the user, as the refusal says it
     */
    private User lockedKeepingAnAdmin(String username, boolean takesAdminAway, String what) {
        List<User> admins = users.lockAdmins();
        User user = lockedNamed(username);
        boolean another = admins.stream()
                .anyMatch(admin -> admin.isActiveAdmin() && !admin.getId().equals(user.getId()));
        if (takesAdminAway && user.isActiveAdmin() && !another) {
            throw ApiError.LAST_ADMIN.exception(user.username() + " is the last active admin and cannot be " + what
                    + "; make another admin first.");
        }
        return user;
    }

    private User named(String username) {
        String name = Credentials.normalizeUsername(username);
        return (Credentials.isPossibleUsername(name) ? users.findByUsername(name) : Optional.<User>empty())
                .orElseThrow(() -> noSuchUser(name));
    }

    private User lockedNamed(String username) {
        String name = Credentials.normalizeUsername(username);
        return (Credentials.isPossibleUsername(name) ? users.findByUsernameForUpdate(name) : Optional.<User>empty())
                .orElseThrow(() -> noSuchUser(name));
    }

    private static ApiException noSuchUser(String name) {
        return ApiError.USER_NOT_FOUND.exception("There is no user named " + name + ".");
    }

    /**
     * A temporary password, shown once to the admin who reset it.
     *
     * @param password the password in clear
     * @param hash its stored form
     */
    public record TemporaryPassword(String password, String hash) {}
}
