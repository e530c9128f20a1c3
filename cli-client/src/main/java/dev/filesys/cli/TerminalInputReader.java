package dev.filesys.cli;

import dev.filesys.cli.commands.CliFailure;
import dev.filesys.cli.commands.ExitCode;
import dev.filesys.cli.commands.PasswordPrompt;
import dev.filesys.cli.commands.Passwords;
import java.io.Console;

/** Asks for a password on the terminal without echo; without a terminal, says how to pass it instead. */
final class TerminalInputReader implements PasswordPrompt {

    private final boolean terminal;

    TerminalInputReader(boolean terminal) {
        this.terminal = terminal;
    }

    @Override
    public char[] readPassword(String prompt) {
        Console console = System.console();
        if (!terminal || console == null) {
            throw new CliFailure(
                    ExitCode.USAGE,
                    "NO_PASSWORD",
                    "no password: there is no terminal to ask on, so pass it with --password-stdin or "
                            + Passwords.ENVIRONMENT_VARIABLE);
        }
        return console.readPassword("%s", prompt);
    }
}
