package dev.filesys.cli;

import dev.filesys.cli.client.ClientSettings;
import dev.filesys.cli.client.FilesysClient;
import dev.filesys.cli.commands.CliFailure;
import dev.filesys.cli.commands.CommandCatalog;
import dev.filesys.cli.commands.CommandLineParser;
import dev.filesys.cli.commands.ExitCode;
import dev.filesys.cli.commands.Failure;
import dev.filesys.cli.commands.FilesysCommands;
import dev.filesys.cli.commands.Passwords;
import dev.filesys.cli.state.StateStore;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.ParsedInput;

/**
 * The CLI as a function: program arguments, standard streams and environment in, exit code out. {@code main} uses it,
 * and so can a test that drives the CLI in its own JVM (each call reads its own state file, so alice and bob can run
 * side by side with {@code FILESYS_STATE}).
 *
 * <p>One command runs without starting Spring Boot: the commands are Spring Shell commands built straight from their
 * annotations, and this class parses, runs and reports them itself, because Spring Shell 4.0's non-interactive runner
 * joins the arguments into one line (a path with spaces falls apart) and does not pass on an exit code.
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
        boolean json = false;
        try {
            Settings settings = Settings.resolve(args, environment, terminal);
            json = settings.json() || settings.command().contains("--" + CommandLineParser.JSON);
            FilesysCommands commands = new FilesysCommands(
                    () -> client(settings),
                    err,
                    new Passwords(in, environment),
                    settings.json(),
                    settings.progress(),
                    Clock.systemUTC());
            if (settings.command().isEmpty()) {
                if (settings.help()) {
                    return oneShot(commands, List.of("help"), terminal);
                }
                if (console && interactiveEnabled()) {
                    return FilesysCli.interactive(commands, settings);
                }
                throw CliFailure.usage("no command given (try 'filesys help')");
            }
            return oneShot(commands, settings.command(), terminal);
        } catch (Exception e) {
            return report(Failure.of(e), json);
        }
    }

    private int oneShot(FilesysCommands commands, List<String> words, boolean terminal) throws Exception {
        CommandRegistry registry = CommandCatalog.registry(commands, null);
        PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        try {
            ParsedInput parsed = new CommandLineParser(registry).parse(words);
            Command command = registry.getCommandByName(parsed.commandName());
            if (command == null) {
                throw new CliFailure(
                        ExitCode.USAGE,
                        "UNKNOWN_COMMAND",
                        "unknown command '" + parsed.commandName() + "' (try 'filesys help')");
            }
            ExitStatus status =
                    command.execute(new CommandContext(parsed, registry, writer, new TerminalInputReader(terminal)));
            return status.code() >= 0 ? status.code() : ExitCode.USAGE.code();
        } finally {
            // flushed, not closed: the stream belongs to the caller
            writer.flush();
        }
    }

    private int report(Failure failure, boolean json) {
        err.println(json ? failure.jsonLine() : failure.line());
        err.flush();
        return failure.exitCode().code();
    }

    private FilesysClient client(Settings settings) {
        ClientSettings clientSettings = ClientSettings.defaults(settings.balancer())
                .withChunkBytes(settings.chunkBytes())
                .withStallTimeout(settings.stallTimeout());
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
