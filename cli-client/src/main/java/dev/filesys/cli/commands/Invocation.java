package dev.filesys.cli.commands;

import dev.filesys.cli.client.FilesysClient;
import dev.filesys.cli.progress.TransferProgress;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What the commands run against, known once the global options are parsed.
 *
 * @param clients makes the client on first use (so {@code help} works even when the state file is unusable)
 * @param in standard input: passwords ({@code --password-stdin}) and the bytes of {@code upload -}
 * @param out standard output as bytes: {@code download --to -} writes the file there
 * @param messages where progress and notices (fail-overs) go: standard error
 * @param passwords where passwords come from
 * @param prompt asks for a password without echo (a terminal or the shell), or says why it cannot
 * @param json whether every command prints JSON ({@code --json} before the command)
 * @param progress how transfers show progress
 * @param clock the time {@code --expires} durations count from
 */
public record Invocation(
        Supplier<FilesysClient> clients,
        InputStream in,
        PrintStream out,
        PrintStream messages,
        Passwords passwords,
        PasswordPrompt prompt,
        boolean json,
        TransferProgress.Mode progress,
        Clock clock) {}
