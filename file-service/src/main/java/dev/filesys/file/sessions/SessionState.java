package dev.filesys.file.sessions;

/** Where a session is in its life: handshake sent, acknowledged, ended. */
enum SessionState {
    HALF_OPEN,
    OPEN,
    CLOSED
}
