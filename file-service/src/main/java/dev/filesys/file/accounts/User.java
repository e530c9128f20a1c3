package dev.filesys.file.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/** A row of {@code users}: a lower-case name and a password hash with its encoder's {@code {id}} prefix. */
@Entity
@Table(name = "users")
class User implements Persistable<UUID> {

    @Id
    private UUID id;

    @Column(nullable = false, length = 32)
    private String username;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Transient
    private boolean isNew;

    protected User() {}

    User(String username, String passwordHash, Instant now) {
        this.id = UUID.randomUUID();
        this.username = username;
        this.passwordHash = passwordHash;
        this.createdAt = now;
        this.isNew = true;
    }

    @Override
    public UUID getId() {
        return id;
    }

    /** Lets {@code save} insert without first looking for a row with the id it assigned itself. */
    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        isNew = false;
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
}
