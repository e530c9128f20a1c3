package dev.filesys.cli.client;

/** The bytes that arrived (or were stored) do not have the SHA-256 they should have. */
public final class ChecksumMismatch extends RuntimeException {

    public ChecksumMismatch(String message) {
        super(message);
    }
}
