/** Shares: an owner grants another user read access to a file, optionally until a time; revoking is idempotent. */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.shares;
