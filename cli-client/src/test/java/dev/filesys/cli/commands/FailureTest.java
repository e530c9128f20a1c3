package dev.filesys.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.cli.client.ChecksumMismatch;
import dev.filesys.cli.client.LocalFileProblem;
import dev.filesys.cli.client.RequestRefused;
import dev.filesys.cli.client.ServerUnreachable;
import dev.filesys.cli.client.SessionExpired;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FailureTest {

    @Test
    void aProblemBecomesItsDetailAndCode() {
        Failure failure = Failure.of(new RequestRefused(404, "FILE_NOT_FOUND", "No such file.", null));

        assertThat(failure.line()).isEqualTo("filesys: No such file. (FILE_NOT_FOUND)");
        assertThat(failure.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void statusesMapToDocumentedExitCodes() {
        assertThat(exit(400, "WEAK_PASSWORD")).isEqualTo(2);
        assertThat(exit(401, "INVALID_CREDENTIALS")).isEqualTo(3);
        assertThat(exit(403, "NOT_OWNER")).isEqualTo(3);
        assertThat(exit(404, "USER_NOT_FOUND")).isEqualTo(4);
        assertThat(exit(409, "NAME_TAKEN")).isEqualTo(6);
        assertThat(exit(413, "FILE_TOO_LARGE")).isEqualTo(1);
        assertThat(exit(429, "TOO_MANY_ATTEMPTS")).isEqualTo(5);
        assertThat(exit(503, "NO_SERVER_AVAILABLE")).isEqualTo(5);
        assertThat(exit(500, "INTERNAL_SERVER_ERROR")).isEqualTo(1);
        assertThat(exit(507, "QUOTA_EXCEEDED")).isEqualTo(1);
        assertThat(exit(460, "CHECKSUM_MISMATCH")).isEqualTo(7);
    }

    @Test
    void retryAfterIsToldToTheUser() {
        Failure failure = Failure.of(
                new RequestRefused(503, "NO_SERVER_AVAILABLE", "No file-service is available.", Duration.ofSeconds(3)));

        assertThat(failure.line())
                .isEqualTo("filesys: No file-service is available. (retry after 3 s) (NO_SERVER_AVAILABLE)");
    }

    @Test
    void clientAndLocalFailuresHaveTheirCodes() {
        assertThat(Failure.of(new SessionExpired("SESSION_EXPIRED", "log in again"))
                        .exitCode())
                .isEqualTo(ExitCode.AUTH);
        assertThat(Failure.of(new ServerUnreachable(true, "cannot reach the balancer", new ConnectException()))
                        .exitCode())
                .isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(Failure.of(new ChecksumMismatch("bad bytes")).exitCode()).isEqualTo(ExitCode.INTEGRITY);
        assertThat(Failure.of(new LocalFileProblem("no such file: a", true)).line())
                .isEqualTo("filesys: no such file: a (LOCAL_FILE_NOT_FOUND)");
        assertThat(Failure.of(new LocalFileProblem("disk full", false)).exitCode())
                .isEqualTo(ExitCode.GENERAL);
        assertThat(Failure.of(new IllegalArgumentException("option --name needs a value"))
                        .exitCode())
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void wrappersFromReflectionAreLookedThrough() {
        Throwable wrapped = new UndeclaredThrowableException(
                new InvocationTargetException(new CliFailure(ExitCode.AUTH, "NOT_LOGGED_IN", "not logged in")));

        Failure failure = Failure.of(wrapped);

        assertThat(failure.exitCode()).isEqualTo(ExitCode.AUTH);
        assertThat(failure.line()).isEqualTo("filesys: not logged in (NOT_LOGGED_IN)");
    }

    @Test
    void anUnexpectedErrorIsOneLineWithoutAStackTraceOrClassName() {
        IllegalStateException bug = new IllegalStateException("first line\n\tat some.Frame(Frame.java:1)");

        Failure failure = Failure.of(bug);

        assertThat(failure.exitCode()).isEqualTo(ExitCode.GENERAL);
        assertThat(failure.line()).isEqualTo("filesys: unexpected error: first line (INTERNAL_ERROR)");
        assertThat(Failure.of(new NullPointerException()).line())
                .isEqualTo("filesys: unexpected error: NullPointerException (INTERNAL_ERROR)");
    }

    @Test
    void aMultiLineDetailIsFoldedIntoOneLine() {
        Failure failure = Failure.of(new RequestRefused(400, "INVALID_NAME", "bad name:\n  no slashes\r\n", null));

        assertThat(failure.line())
                .isEqualTo("filesys: bad name: no slashes (INVALID_NAME)")
                .doesNotContain("\n");
    }

    @Test
    void scriptsCanAskForTheErrorAsJson() {
        Failure failure = Failure.of(new RequestRefused(409, "NAME_TAKEN", "Name \"x\" is taken.", null));

        JsonNode json = JsonMapper.shared().readTree(failure.jsonLine());

        assertThat(failure.jsonLine()).doesNotContain("\n");
        assertThat(json.get("error").get("code").asString()).isEqualTo("NAME_TAKEN");
        assertThat(json.get("error").get("message").asString()).isEqualTo("Name \"x\" is taken.");
        assertThat(json.get("error").get("exitCode").asInt()).isEqualTo(6);
    }

    private static int exit(int status, String code) {
        return Failure.of(new RequestRefused(status, code, "detail", null))
                .exitCode()
                .code();
    }
}
