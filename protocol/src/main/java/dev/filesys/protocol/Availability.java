package dev.filesys.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A file-service's answer to {@code GET /internal/v1/availability}.
 *
 * @param available whether it takes a new client now
 * @param activeSessions its open sessions
 * @param capacity the most open sessions it takes
 * @param reason why not, when {@code available} is false ({@code DRAINING},
 *     {@code DATABASE_UNREACHABLE}, {@code STORAGE_UNAVAILABLE} or {@code AT_CAPACITY}, the first that holds); null
 *     otherwise
 * @param serverId the answering instance's own id ({@code filesys.server.id}), the audience its auth codes must name;
 *     a balancer that found the instance by its address (DNS discovery) learns the id from here. Null from an instance
 *     that does not say, and then left out of the JSON
 * @param publicUrl the base URL clients reach the instance at, when the instance knows it (behind an edge proxy
 *     {@code https://files.example.com/s/<serverId>}); the balancer hands it out instead of the address it probes.
 *     Null when not configured, and then left out of the JSON
 */
public record Availability(
        boolean available,
        int activeSessions,
        int capacity,
        String reason,
        @JsonInclude(JsonInclude.Include.NON_NULL) String serverId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String publicUrl) {

    /** An answer that does not name the instance. */
    public Availability(boolean available, int activeSessions, int capacity, String reason) {
        this(available, activeSessions, capacity, reason, null, null);
    }

    /** An answer that names the instance but not a public URL. */
    public Availability(boolean available, int activeSessions, int capacity, String reason, String serverId) {
        this(available, activeSessions, capacity, reason, serverId, null);
    }
}
