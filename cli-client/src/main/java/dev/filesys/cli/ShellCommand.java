package dev.filesys.cli;

import dev.filesys.cli.commands.FilesysCommands;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.shell.core.command.AbstractCommand;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.ExitStatus;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One filesys command in the interactive shell: the line's words go to picocli, exactly as a one-shot command's
 * arguments do, after {@code ~} is expanded as a shell would. Its options are declared to Spring Shell only for
 * completion; {@code upload} completes local paths, the commands that take a FILE complete the names on the server.
 * Ctrl-C while it runs stops it, not the shell.
 */
final class ShellCommand extends AbstractCommand {

    private final FilesysCommands commands;
    private final ForegroundCommand foreground;
    private final Path home;
    private final String help;

    ShellCommand(String name, CommandLine model, FilesysCommands commands, ForegroundCommand foreground, Path home) {
        super(name, summary(model), "filesys");
        this.commands = commands;
        this.foreground = foreground;
        this.home = home;
        this.help = model.getUsageMessage().stripTrailing();
        List<CommandOption> options = new ArrayList<>();
        for (OptionSpec option : model.getCommandSpec().options()) {
            CommandOption.Builder builder = CommandOption.with()
                    .type(option.type())
                    .description(option.description().length == 0 ? "" : option.description()[0]);
            boolean named = false;
            for (String optionName : option.names()) {
                if (optionName.startsWith("--")) {
                    if (!named) {
                        builder.longName(optionName.substring(2));
                        named = true;
                    }
                } else {
                    builder.shortName(optionName.charAt(1));
                }
            }
            options.add(builder.build());
        }
        setOptions(options);
        switch (name) {
            case "upload" -> setCompletionProvider(new PathCompletion(home));
            case "download", "info", "share", "unshare", "rm", "ls", "mv", "mkdir", "versions", "link" ->
                setCompletionProvider(new RemoteNameCompletion(commands::remoteNames));
            default -> {}
        }
    }

    @Override
    public String getHelp() {
        return help;
    }

    @Override
    public ExitStatus doExecute(CommandContext context) {
        List<String> words = new ArrayList<>();
        words.add(getName());
        for (CommandArgument argument : context.parsedInput().arguments()) {
            words.add(ShellWords.expandHome(argument.value(), home));
        }
        // a failure is reported as one line already (as in one-shot mode): Spring Shell is not to add its own
        return foreground.run(() -> {
            Cli.commandLine(commands, null, context.outputWriter(), context.outputWriter())
                    .execute(words.toArray(String[]::new));
            return ExitStatus.OK;
        });
    }

    private static String summary(CommandLine model) {
        String[] description = model.getCommandSpec().usageMessage().description();
        return description.length == 0 ? "" : description[0];
    }
}
