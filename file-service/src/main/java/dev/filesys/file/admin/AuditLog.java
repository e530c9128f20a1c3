package dev.filesys.file.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The {@code admin_audit} table: every admin action, written in the transaction of the action itself. */
@Repository
class AuditLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records an action in the caller's transaction, so it is recorded exactly when it happened.
     *
     * @param adminId the admin, or null for the operator with the cluster token
     * @param adminName the admin's name, or a name for the operator
     * @param targetId the user acted on, or null
     * @param detail what else there is to know (a quota, a role), never a secret
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void record(
            @Nullable UUID adminId,
            String adminName,
            String action,
            @Nullable UUID targetId,
            @Nullable String targetName,
            Object detail,
            String clientAddress) {
        jdbc.sql("""
                        INSERT INTO admin_audit (admin_id, admin_name, action, target_id, target_name, detail,
                                                 client_address, created_at)
                        VALUES (:adminId, :adminName, :action, :targetId, :targetName, CAST(:detail AS jsonb),
                                :clientAddress, :now)
                        """)
                .param("adminId", adminId)
                .param("adminName", adminName)
                .param("action", action)
                .param("targetId", targetId)
                .param("targetName", targetName)
                .param("detail", JSON.writeValueAsString(detail))
                .param("clientAddress", clientAddress)
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    /** Entries newest first, those with an id below {@code before} (all when null), at most {@code limit}. */
    @Transactional(readOnly = true)
    List<Entry> page(@Nullable Long before, int limit) {
        return jdbc.sql("""
                        SELECT id, admin_name, action, target_name, detail::text AS detail, client_address, created_at
                        FROM admin_audit
                        WHERE CAST(:before AS bigint) IS NULL OR id < :before
                        ORDER BY id DESC
                        LIMIT :limit
                        """)
                .param("before", before)
                .param("limit", limit)
                .query((rs, row) -> new Entry(
                        rs.getLong("id"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getString("admin_name"),
                        rs.getString("action"),
                        rs.getString("target_name"),
                        JSON.readTree(rs.getString("detail")),
                        rs.getString("client_address")))
                .list();
    }

    /**
     * One admin action.
     *
     * @param id its place in the log (pages go by it)
     * @param admin who did it
     * @param target the name of the user it was done to, or null
     * @param detail what else there is to know
     * @param clientAddress the address the request came from
     */
    record Entry(
            long id,
            Instant at,
            String admin,
            String action,
            @Nullable String target,
            tools.jackson.databind.JsonNode detail,
            String clientAddress) {}
}
