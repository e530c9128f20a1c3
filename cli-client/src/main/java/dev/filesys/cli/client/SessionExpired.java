package dev.filesys.cli.client;

/**
 * The server no longer knows the session (expired, closed, or never adopted). The CLI has already opened a fresh,
 * anonymous session; the user has to log in again.
 */
public final class SessionExpired extends RuntimeException {

    private final String code;

    public SessionExpired(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
