package dev.filesys.cli.commands;

/** The process exit codes, stable for scripts. */
public enum ExitCode {
    /** The command did what was asked. */
    OK(0),
    /** Anything not covered below: a server error, an unreadable answer, a local write failure. */
    GENERAL(1),
    /** The command line is wrong: unknown command or option, missing argument, bad value; or the server said 400. */
    USAGE(2),
    /** Not logged in, wrong credentials, session ended, or not allowed (401, 403). */
    AUTH(3),
    /** No such file, user or local path (404). */
    NOT_FOUND(4),
    /** The balancer or every file-service is unreachable or busy (connection failures, 503, 429): try later. */
    UNAVAILABLE(5),
    /** The name or username is taken, or the change conflicts with the current state (409). */
    CONFLICT(6),
    /** The bytes do not match their SHA-256. */
    INTEGRITY(7),
    /** Interrupted (Ctrl-C): the shell's convention, 128 + SIGINT. */
    CANCELLED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
