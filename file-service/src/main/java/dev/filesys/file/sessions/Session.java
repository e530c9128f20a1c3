package dev.filesys.file.sessions;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code sessions}: a handshake in progress, an open session, or a closed one kept for a while. */
@Entity
@Table(name = "sessions")
class Session {

    @Id
    private UUID id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private SessionState state;

    @Column(name = "server_id", nullable = false, length = 128)
    private String serverId;

    @Column(name = "user_id")
    private UUID userId;

    @Column(name = "nonce_hash")
    private byte[] nonceHash;

    @Column(name = "token_hash")
    private byte[] tokenHash;

    @Column(name = "resumes_id")
    private UUID resumesId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "opened_at")
    private Instant openedAt;

    @Column(name = "last_used_at", nullable = false)
    private Instant lastUsedAt;

    @Column(name = "closed_at")
    private Instant closedAt;

    @Column(name = "anonymous_until")
    private Instant anonymousUntil;

    protected Session() {}

    /** A new half-open session waiting for the ack that shows the nonce whose hash is given. */
    static Session halfOpen(String serverId, byte[] nonceHash, Instant now) {
        Session session = new Session();
        session.id = UUID.randomUUID();
        session.state = SessionState.HALF_OPEN;
        session.serverId = serverId;
        session.nonceHash = nonceHash;
        session.createdAt = now;
        session.startedAt = now;
        session.lastUsedAt = now;
        return session;
    }

    /**
     * Marks this handshake as the adoption of {@code old}: at the ack it takes over the old session's user and
     * lifetime.
     */
    void resume(Session old) {
        this.resumesId = old.id;
    }

    /** The ack: the session is open, identified from now on by the token whose hash is given. */
    void open(byte[] tokenHash, Instant now) {
        this.state = SessionState.OPEN;
        this.nonceHash = null;
        this.tokenHash = tokenHash;
        this.openedAt = now;
        this.lastUsedAt = now;
    }

    /** Takes over an adopted session's user and the origin of its absolute lifetime. */
    void inherit(Session old) {
        this.userId = old.userId;
        this.startedAt = old.startedAt.isBefore(this.startedAt) ? old.startedAt : this.startedAt;
    }

    void close(Instant now) {
        this.state = SessionState.CLOSED;
        this.closedAt = now;
    }

    void logIn(UUID userId) {
        this.userId = userId;
        this.anonymousUntil = null;
    }

    /** Without a user from now on: closed at {@code closeAt} unless someone logs in first. */
    void logOut(Instant closeAt) {
        this.userId = null;
        this.anonymousUntil = closeAt;
    }

    /** At the ack: a session that did not adopt a logged-in one must be logged in to by {@code closeAt}. */
    void requireLoginBy(Instant closeAt) {
        this.anonymousUntil = userId == null ? closeAt : null;
    }

    void rotateToken(byte[] tokenHash) {
        this.tokenHash = tokenHash;
    }

    boolean isHalfOpenPast(Duration window, Instant now) {
        return !now.isBefore(createdAt.plus(window));
    }

    /**
     * Whether an open session has outlived its idle timeout or its absolute lifetime at {@code now}, or went without a
     * login past its {@code anonymous_until}.
     */
    boolean isExpired(Duration idleTimeout, Duration maxLifetime, Instant now) {
        return isExpired(startedAt, lastUsedAt, userId == null ? anonymousUntil : null, idleTimeout, maxLifetime, now);
    }

    /** The rule itself, for a session read without its entity ({@link SessionStatements}). */
    static boolean isExpired(
            Instant startedAt,
            Instant lastUsedAt,
            Instant anonymousUntil,
            Duration idleTimeout,
            Duration maxLifetime,
            Instant now) {
        return !now.isBefore(lastUsedAt.plus(idleTimeout))
                || !now.isBefore(startedAt.plus(maxLifetime))
                || (anonymousUntil != null && !now.isBefore(anonymousUntil));
    }

    UUID id() {
        return id;
    }

    SessionState state() {
        return state;
    }

    String serverId() {
        return serverId;
    }

    UUID userId() {
        return userId;
    }

    byte[] nonceHash() {
        return nonceHash;
    }

    UUID resumesId() {
        return resumesId;
    }

    Instant lastUsedAt() {
        return lastUsedAt;
    }

    Instant startedAt() {
        return startedAt;
    }
}
