/**
 * Synchronization: changes broadcast with PostgreSQL LISTEN/NOTIFY (logged in a short-retention table), one listener
 * per instance, and the users' Server-Sent Event streams ({@code GET /api/v1/events}).
 */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.events;
