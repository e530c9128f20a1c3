package dev.filesys.protocol;

import java.time.Instant;

/**
 * The balancer's answer to {@code POST /api/v1/assignments}: where to go, and the code to show there.
 *
 * @param serverId the file-service's id (the auth code's audience)
 * @param serverUrl its base URL
 * @param authCode a signed, single-use code for the handshake with that server
 * @param expiresAt when the code expires
 */
public record Assignment(String serverId, String serverUrl, String authCode, Instant expiresAt) {}
