package dev.filesys.protocol;

/**
 * A file-service's heartbeat to the balancer: {@code PUT /internal/v1/servers/{serverId}}.
 *
 * @param url the base URL clients and the balancer reach it at
 */
public record ServerRegistration(String url) {}
