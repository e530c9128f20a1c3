package dev.filesys.file.shares;

import java.time.Instant;

/**
 * The body of {@code PUT …/shares/{username}}.
 *
 * @param permission {@code read} (the only one there is; absent means read)
 * @param expiresAt when the share stops working, or absent for never; after now and no later than
 *     9999-12-31T23:59:59.999999Z, kept to the microsecond
 */
record ShareRequest(String permission, Instant expiresAt) {}
