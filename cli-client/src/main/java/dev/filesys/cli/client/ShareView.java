package dev.filesys.cli.client;

import java.time.Instant;

/**
 * A share of a file with another user.
 *
 * @param username who the file is shared with
 * @param permission what they may do ({@code read})
 * @param expiresAt when the share ends, or {@code null} for never
 */
public record ShareView(String username, String permission, Instant expiresAt) {}
