package dev.filesys.balancer.registry;

/** How the balancer learnt of a server. */
public enum ServerSource {
    /** From configuration: it never drops out. */
    STATIC,
    /** By self-registration: it drops out when its lease runs out. */
    REGISTERED
}
