package dev.filesys.cli.client;

/**
 * The operation was interrupted (Ctrl-C in the shell) while it waited on the network. What it had done stays as it
 * is: an upload can be resumed, a download continues from its {@code .part} file.
 */
public final class Cancelled extends RuntimeException {

    public Cancelled(String message, Throwable cause) {
        super(message, cause);
    }
}
