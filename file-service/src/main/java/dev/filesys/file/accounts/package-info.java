/** Accounts: registration, login with throttling, logout, and who the session's user is; Argon2id password hashes. */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.accounts;
