package dev.filesys.cli;

import dev.filesys.cli.commands.FilesysCommands;

/**
 * The filesys command line. With a command ({@code filesys upload report.pdf}) it runs it and exits with its code;
 * without one it starts the interactive shell ({@link InteractiveShell}) on the same commands.
 *
 * <p>Nothing here refers to Spring: a one-shot command loads picocli, the client and (when it prints or reads JSON)
 * Jackson, and no more, which keeps its start-up short.
 */
public final class FilesysCli {

    private FilesysCli() {}

    public static void main(String[] args) {
        // A command's output is its result and its own one-line errors: library logging stays off (SLF4J's no-op
        // provider, and no logging system for the interactive shell's Spring Boot), unless asked for explicitly.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
            System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        }
        System.exit(Cli.runOnConsole(args));
    }

    /** Runs the interactive shell until the user quits; returns the exit code. */
    static int interactive(FilesysCommands commands, Settings settings) {
        return InteractiveShell.run(commands, settings);
    }
}
