package dev.filesys.cli;

import dev.filesys.cli.client.ClientSettings;
import dev.filesys.cli.client.FilesysClient;
import dev.filesys.cli.client.TraceContext;
import dev.filesys.cli.commands.CliFailure;
import dev.filesys.cli.commands.ExitCode;
import dev.filesys.cli.commands.Failure;
import dev.filesys.cli.commands.FilesysCommands;
import dev.filesys.cli.commands.Invocation;
import dev.filesys.cli.commands.Passwords;
import dev.filesys.cli.state.StateStore;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The CLI as a function: program arguments, standard streams and environment in, exit code out. {@code main} uses it,
 * and so can a test that drives the CLI in its own JVM (each call reads its own state file, so alice and bob can run
 * side by side with {@code FILESYS_STATE}).
 *
 * <p>One command runs without Spring: picocli parses the arguments (and writes help, {@code --version} and the
 * completion scripts), the command runs, and its failure becomes one line and an exit code. Only the interactive shell
 * starts Spring Boot and Spring Shell.
 */
public final class Cli {

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final boolean console;

    private Cli(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment, boolean console) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.console = console;
    }

    /**
     * Runs one command, e.g. {@code ["--balancer", url, "upload", "report.pdf"]}; never starts the interactive
     * shell and never asks for anything on a terminal (passwords come from {@code in} with
     * {@code --password-stdin}, or from {@code FILESYS_PASSWORD} in {@code environment}).
     *
     * @param args global options, then the command and its arguments and options
     * @param in standard input (for {@code --password-stdin})
     * @param out where results go
     * @param err where errors (one line each), progress lines and notices go
     * @param environment the environment variables ({@code FILESYS_BALANCER}, {@code FILESYS_STATE}, …)
     * @return the exit code: 0 on success, see {@link ExitCode}
     */
    public static int run(
            String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        return new Cli(in, out, err, environment, false).execute(args);
    }

    /**
     * As {@link #run(String[], InputStream, PrintStream, PrintStream, Map)}, for the process' own console: progress
     * bars and password prompts when it is a terminal, and the interactive shell when no command is given.
     */
    static int runOnConsole(String[] args) {
        return new Cli(System.in, System.out, System.err, System.getenv(), true).execute(args);
    }

    private int execute(String[] args) {
        boolean terminal = console && Terminals.attached();
        Settings[] settings = new Settings[1];
        FilesysCommands commands = new FilesysCommands(
                globals -> {
                    settings[0] = Settings.resolve(globals, environment, terminal);
                    return invocation(settings[0], terminal);
                },
                top -> {
                    top.invocation();
                    if (console && interactiveEnabled()) {
                        return FilesysCli.interactive(top, settings[0]);
                    }
                    throw CliFailure.usage("no command given (try 'filesys help')");
                });
        PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        try {
            return commandLine(
                            commands,
                            commandNamed(args),
                            writer,
                            new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8)))
                    .execute(args);
        } finally {
            commands.close();
            // flushed, not closed: the stream belongs to the caller
            writer.flush();
        }
    }

    /**
     * The command the arguments name, when it is clear without parsing them: the first word that names a command and
     * is not the value of a global option. {@code null} (all commands) otherwise, and for {@code help}, whose listing
     * needs them all.
     */
    private static String commandNamed(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String word = args[i];
            if (word.equals("--balancer") || word.equals("--state")) {
                i++;
            } else if (FilesysCommands.isCommand(word)) {
                return word.equals("completion") ? null : word;
            } else if (!word.startsWith("-")) {
                return null;
            }
        }
        return null;
    }

    /**
     * The command line for these commands (all of them, or only {@code only}): results to {@code out}; every failure, a usage error included, one line
     * (or with {@code --json} one JSON line) on {@code err} and its exit code.
     */
    static CommandLine commandLine(FilesysCommands commands, String only, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commands.commandLine(only);
        commandLine
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                // every command line (one-shot, or one in the shell) is a trace of its own in the services' logs
                .setExecutionStrategy(parseResult -> {
                    TraceContext.startCommand();
                    return new CommandLine.RunLast().execute(parseResult);
                })
                .setExecutionExceptionHandler(
                        (exception, command, parseResult) -> report(Failure.of(exception), commands, err))
                .setParameterExceptionHandler(
                        (exception, arguments) -> report(usage(exception, commandLine), commands, err));
        return commandLine;
    }

    private static Failure usage(ParameterException exception, CommandLine root) {
        if (exception instanceof UnmatchedArgumentException unmatched
                && unmatched.getCommandLine() == root
                && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().get(0).startsWith("-")) {
            return new Failure(
                    ExitCode.USAGE,
                    "UNKNOWN_COMMAND",
                    "unknown command '" + unmatched.getUnmatched().get(0) + "' (try 'filesys help')");
        }
        String command = exception.getCommandLine().getCommandName();
        String hint = exception.getCommandLine() == root ? "filesys --help" : "filesys " + command + " --help";
        return new Failure(ExitCode.USAGE, "USAGE", exception.getMessage() + " (see '" + hint + "')");
    }

    private static int report(Failure failure, FilesysCommands commands, PrintWriter err) {
        err.println(commands.jsonRequested() ? failure.jsonLine() : failure.line());
        err.flush();
        return failure.exitCode().code();
    }

    private Invocation invocation(Settings settings, boolean terminal) {
        return new Invocation(
                () -> client(settings),
                in,
                out,
                err,
                new Passwords(in, environment),
                new TerminalInputReader(terminal),
                settings.json(),
                settings.progress(),
                Clock.systemUTC());
    }

    private FilesysClient client(Settings settings) {
        ClientSettings clientSettings =
                ClientSettings.withUserSettings(settings.balancer(), settings.stallTimeout(), settings.chunkBytes());
        return new FilesysClient(
                clientSettings, new StateStore(settings.stateFile()), notice -> err.println("filesys: " + notice));
    }

    /** {@code spring.shell.interactive.enabled=false} (system property or environment) asks for one-shot mode. */
    private boolean interactiveEnabled() {
        String property = System.getProperty("spring.shell.interactive.enabled");
        String variable = environment.get("SPRING_SHELL_INTERACTIVE_ENABLED");
        return !"false".equalsIgnoreCase(property != null ? property : variable);
    }
}
