package dev.filesys.protocol;

/**
 * A file-service's answer to {@code GET /internal/v1/availability}.
 *
 * @param available whether it takes a new client now
 * @param activeSessions its open sessions
 * @param capacity the most open sessions it takes
 * @param reason why not, when {@code available} is false (e.g. {@code DRAINING}, {@code AT_CAPACITY},
 *     {@code DATABASE_UNREACHABLE}, {@code BLOB_STORE_UNWRITABLE}); null otherwise
 */
public record Availability(boolean available, int activeSessions, int capacity, String reason) {}
