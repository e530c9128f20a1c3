package dev.filesys.cli.client;

/**
 * The file-service a session is open with.
 *
 * @param serverId its id
 * @param serverUrl its base URL
 * @param resumed whether the session was carried over from an earlier server (fail-over) rather than opened fresh
 */
public record Connection(String serverId, String serverUrl, boolean resumed) {}
