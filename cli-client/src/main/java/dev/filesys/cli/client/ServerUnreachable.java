package dev.filesys.cli.client;

/** The balancer or a file-service did not answer: connection refused or reset, a timeout, a cut-off response. */
public final class ServerUnreachable extends RuntimeException {

    private final boolean balancer;

    public ServerUnreachable(boolean balancer, String message, Throwable cause) {
        super(message, cause);
        this.balancer = balancer;
    }

    /** Whether it was the balancer (rather than a file-service) that did not answer. */
    public boolean balancer() {
        return balancer;
    }
}
