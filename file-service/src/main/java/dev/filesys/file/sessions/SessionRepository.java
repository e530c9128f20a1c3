package dev.filesys.file.sessions;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Sessions and the used auth codes that guard their creation. A session is an aggregate with a lifecycle (half-open,
 * open, closed), read and changed through its entity; the per-request lookup and the statements on many sessions at
 * once are SQL ({@link SessionStatements}).
 */
interface SessionRepository extends JpaRepository<Session, UUID>, SessionStatements {

    Optional<Session> findByTokenHash(byte[] tokenHash);

    /** The row, locked until the transaction ends: acks and adoptions must not race each other. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from Session s where s.id = :id")
    Optional<Session> findByIdForUpdate(@Param("id") UUID id);

    /** The user's open sessions, oldest first. */
    @Query("select s from Session s where s.userId = :userId and s.state = dev.filesys.file.sessions.SessionState.OPEN"
            + " order by s.startedAt, s.id")
    List<Session> findOpenOf(@Param("userId") UUID userId);

    /** As {@link #findOpenOf}, each row locked until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from Session s where s.userId = :userId and s.state = dev.filesys.file.sessions.SessionState.OPEN"
            + " order by s.id")
    List<Session> findOpenOfForUpdate(@Param("userId") UUID userId);

    /**
     * Records an auth code as used. The primary key on {@code jti} is the replay check: of two transactions inserting
     * the same code, the second waits for the first and inserts nothing when it commits.
     *
     * @return 1 when the code was fresh, 0 when it had been used before
     */
    @Modifying
    @Query(
            value = "insert into used_auth_codes (jti, used_at, expires_at) values (:jti, :usedAt, :expiresAt)"
                    + " on conflict (jti) do nothing",
            nativeQuery = true)
    int consumeAuthCode(
            @Param("jti") String jti, @Param("usedAt") Instant usedAt, @Param("expiresAt") Instant expiresAt);

    /** This server's open sessions that someone is logged in to: only those count toward its capacity. */
    @Query("select count(s) from Session s where s.serverId = :serverId and s.state = dev.filesys.file.sessions"
            + ".SessionState.OPEN and s.userId is not null and s.lastUsedAt > :idleCutoff"
            + " and s.startedAt > :lifetimeCutoff")
    long countOpen(
            @Param("serverId") String serverId,
            @Param("idleCutoff") Instant idleCutoff,
            @Param("lifetimeCutoff") Instant lifetimeCutoff);

    /** Of the given sessions, those open, unexpired and logged in, with their users. */
    @Query("select new dev.filesys.file.sessions.SessionUser(s.id, s.userId) from Session s"
            + " where s.id in :ids and s.state = dev.filesys.file.sessions.SessionState.OPEN and s.userId is not null"
            + " and s.lastUsedAt > :idleCutoff and s.startedAt > :lifetimeCutoff")
    List<SessionUser> findOpenLoggedIn(
            @Param("ids") Collection<UUID> ids,
            @Param("idleCutoff") Instant idleCutoff,
            @Param("lifetimeCutoff") Instant lifetimeCutoff);

    /** Marks the sessions as used now, unless they were used since {@code unusedSince}. */
    @Modifying
    @Query("update Session s set s.lastUsedAt = :now where s.id in :ids and s.lastUsedAt < :unusedSince")
    int touchAll(
            @Param("ids") Collection<UUID> ids, @Param("now") Instant now, @Param("unusedSince") Instant unusedSince);

    @Modifying
    @Query("delete from Session s where s.state = dev.filesys.file.sessions.SessionState.HALF_OPEN"
            + " and s.createdAt <= :cutoff")
    int deleteStaleHalfOpen(@Param("cutoff") Instant cutoff);

    @Modifying
    @Query("delete from Session s where s.state = dev.filesys.file.sessions.SessionState.CLOSED"
            + " and s.closedAt <= :cutoff")
    int deleteClosedBefore(@Param("cutoff") Instant cutoff);

    @Modifying
    @Query(value = "delete from used_auth_codes where expires_at <= :cutoff", nativeQuery = true)
    int deleteUsedAuthCodesExpiredBefore(@Param("cutoff") Instant cutoff);
}
