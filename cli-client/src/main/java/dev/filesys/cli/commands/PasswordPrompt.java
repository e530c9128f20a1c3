package dev.filesys.cli.commands;

/** Asks for a password without echo: on the process' terminal, or in the interactive shell. */
@FunctionalInterface
public interface PasswordPrompt {

    /**
     * @return the password typed, never {@code null}
     * @throws CliFailure when there is nothing to ask on
     */
    char[] readPassword(String prompt);
}
