/** The handshake (auth code, server nonce, ack) and sessions: open, idle timeout, lifetime, resume after fail-over. */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.sessions;
