package dev.filesys.balancer.registry;

import java.time.Instant;

/**
 * What {@code GET /api/v1/servers} shows of one server.
 *
 * @param serverId its id
 * @param url the base URL it is probed at
 * @param publicUrl the base URL clients are sent to when that is another one (configured or registered); null if not
 * @param state UP, SUSPECT or DOWN
 * @param source STATIC (configuration), REGISTERED (self-registration) or DISCOVERED (DNS)
 * @param lastLatencyMillis how long its last probe took, answered or not; null before the first probe
 * @param consecutiveFailures probes in a row that got no usable answer
 * @param activeSessions its open sessions, from its last answer; null before the first answer
 * @param capacity the most sessions it takes, from its last answer; null before the first answer
 * @param lastSeen when it last answered a probe or sent a heartbeat; null before either
 * @param leaseExpiresAt when its registration runs out without a heartbeat; null for a static or discovered server
 */
public record ServerView(
        String serverId,
        String url,
        String publicUrl,
        ServerState state,
        ServerSource source,
        Long lastLatencyMillis,
        int consecutiveFailures,
        Integer activeSessions,
        Integer capacity,
        Instant lastSeen,
        Instant leaseExpiresAt) {}
