/** Accounts: registration, login with throttling, logout, and who the session's user is; Argon2id password hashes. */
package dev.filesys.file.accounts;
