package dev.filesys.cli.commands;

/** A failure the CLI itself detects (bad command line, not logged in, ambiguous name), with its exit code. */
public final class CliFailure extends RuntimeException {

    private final ExitCode exitCode;
    private final String code;

    public CliFailure(ExitCode exitCode, String code, String message) {
        super(message);
        this.exitCode = exitCode;
        this.code = code;
    }

    public static CliFailure usage(String message) {
        return new CliFailure(ExitCode.USAGE, "USAGE", message);
    }

    /** A conflict ({@link ExitCode#CONFLICT}): the name is taken, or the item changed since it was read. */
    public static CliFailure conflict(String code, String message) {
        return new CliFailure(ExitCode.CONFLICT, code, message);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** A stable code like the server's, e.g. {@code USAGE}, {@code NOT_LOGGED_IN}. */
    public String code() {
        return code;
    }
}
