package dev.filesys.file.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code users}: a lower-case name and a password hash with its encoder's {@code {id}} prefix. Its id is a
 * random UUID assigned as it is persisted: a new user has none, so {@code save} inserts it without looking first.
 */
@Entity
@Table(name = "users")
class User {

    static final String ROLE_USER = "user";
    static final String ROLE_ADMIN = "admin";

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    private UUID id;

    @Column(nullable = false, length = 32)
    private String username;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** {@code user} or {@code admin}. */
    @Column(nullable = false, length = 8)
    private String role = ROLE_USER;

    @Column(name = "disabled_at")
    private @Nullable Instant disabledAt;

    @Column(name = "must_change_password", nullable = false)
    private boolean mustChangePassword;

    /** The user's storage quota in bytes, or null for the deployment's. */
    @Column(name = "quota_bytes")
    private @Nullable Long quotaBytes;

    @Column(name = "last_login_at")
    private @Nullable Instant lastLoginAt;

    protected User() {}

    User(String username, String passwordHash, Instant now) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.createdAt = now;
    }

    UUID getId() {
        return id;
    }

    String username() {
        return username;
    }

    String passwordHash() {
        return passwordHash;
    }

    void rehashed(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    Instant createdAt() {
        return createdAt;
    }

    String role() {
        return role;
    }

    boolean isAdmin() {
        return ROLE_ADMIN.equals(role);
    }

    /** An admin who can act: not disabled. */
    boolean isActiveAdmin() {
        return isAdmin() && disabledAt == null;
    }

    @Nullable
    Instant disabledAt() {
        return disabledAt;
    }

    boolean mustChangePassword() {
        return mustChangePassword;
    }

    @Nullable
    Long quotaBytes() {
        return quotaBytes;
    }

    @Nullable
    Instant lastLoginAt() {
        return lastLoginAt;
    }

    void setRole(String role) {
        this.role = role;
    }

    void disable(Instant now) {
        if (disabledAt == null) {
            disabledAt = now;
        }
    }

    void enable() {
        disabledAt = null;
    }

    void setQuotaBytes(@Nullable Long quotaBytes) {
        this.quotaBytes = quotaBytes;
    }

    /** A new password the user chose: any reset is over. */
    void passwordChanged(String passwordHash) {
        this.passwordHash = passwordHash;
        this.mustChangePassword = false;
    }

    /** A temporary password an admin set: the user must choose their own at their next login. */
    void passwordReset(String passwordHash) {
        this.passwordHash = passwordHash;
        this.mustChangePassword = true;
    }

    void loggedIn(Instant now) {
        lastLoginAt = now;
    }
}
