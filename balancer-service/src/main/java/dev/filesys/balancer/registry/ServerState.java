package dev.filesys.balancer.registry;

/** A server's health as the failure protocol sees it. */
public enum ServerState {
    /** Answering: requests ask it. */
    UP,
    /** Failed lately but fewer than {@code fall} times in a row: requests still ask it, the background checker too. */
    SUSPECT,
    /** Failed {@code fall} times in a row: requests skip it; only the background checker asks it. */
    DOWN
}
