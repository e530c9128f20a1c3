package dev.filesys.cli.commands;

import dev.filesys.cli.client.Cancelled;
import dev.filesys.cli.client.ChecksumMismatch;
import dev.filesys.cli.client.LocalFileProblem;
import dev.filesys.cli.client.RequestRefused;
import dev.filesys.cli.client.ServerUnreachable;
import dev.filesys.cli.client.SessionExpired;
import dev.filesys.cli.state.StateStore.StateFileUnusable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any failure as the user sees it: an exit code, a stable code and one line of text — never a stack trace.
 *
 * @param exitCode the process exit code
 * @param code the server's problem code (e.g. {@code FILE_NOT_FOUND}) or the CLI's own (e.g. {@code USAGE})
 * @param message one human line, from the problem's {@code detail} when the server refused
 */
public record Failure(ExitCode exitCode, String code, String message) {

    public Failure {
        message = message == null
                ? ""
                : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** What the user should see for {@code exception}. */
    public static Failure of(Throwable exception) {
        Throwable e = unwrap(exception);
        return switch (e) {
            case CliFailure f -> new Failure(f.exitCode(), f.code(), f.getMessage());
            case RequestRefused r -> refused(r);
            case SessionExpired s -> new Failure(ExitCode.AUTH, s.code(), s.getMessage());
            case ServerUnreachable u -> new Failure(ExitCode.UNAVAILABLE, "UNREACHABLE", u.getMessage());
            case Cancelled c -> new Failure(ExitCode.CANCELLED, "CANCELLED", c.getMessage());
            case ChecksumMismatch c -> new Failure(ExitCode.INTEGRITY, "CHECKSUM_MISMATCH", c.getMessage());
            case LocalFileProblem l ->
                new Failure(
                        l.missing() ? ExitCode.NOT_FOUND : ExitCode.GENERAL,
                        l.missing() ? "LOCAL_FILE_NOT_FOUND" : "LOCAL_FILE_ERROR",
                        l.getMessage());
            case StateFileUnusable s -> new Failure(ExitCode.GENERAL, "STATE_FILE_UNUSABLE", s.getMessage());
            case IllegalArgumentException i -> new Failure(ExitCode.USAGE, "USAGE", i.getMessage());
            default -> new Failure(ExitCode.GENERAL, "INTERNAL_ERROR", "unexpected error: " + rootMessage(e));
        };
    }

    private static Failure refused(RequestRefused r) {
        ExitCode exitCode = switch (r.status()) {
            case 400, 415, 422 -> ExitCode.USAGE;
            case 401, 403 -> ExitCode.AUTH;
            case 404, 410 -> ExitCode.NOT_FOUND;
            case 409, 412 -> ExitCode.CONFLICT;
            case 429, 502, 503, 504 -> ExitCode.UNAVAILABLE;
            default -> ExitCode.GENERAL;
        };
        if (r.code().contains("CHECKSUM")) {
            exitCode = ExitCode.INTEGRITY;
        }
        String message = r.detail();
        if (r.retryAfter() != null) {
            message += " (retry after " + r.retryAfter().toSeconds() + " s)";
        }
        return new Failure(exitCode, r.code(), message);
    }

    /** The line for a terminal or a log: {@code filesys: No such file (FILE_NOT_FOUND)}. */
    public String line() {
        return "filesys: " + Shown.text(message) + " (" + Shown.text(code) + ")";
    }

    /** The line for scripts that asked for {@code --json}. */
    public String jsonLine() {
        return JsonMapper.shared().writeValueAsString(Map.of("error", new JsonError(code, message, exitCode.code())));
    }

    /** The {@code error} object of {@link #jsonLine()}. */
    record JsonError(String code, String message, int exitCode) {}

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof InvocationTargetException
                        || current instanceof UndeclaredThrowableException
                        || current instanceof ExecutionException
                        || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : firstLine(message);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
