package dev.filesys.cli.commands;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.shell.core.command.AbstractCommand;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.ExitStatus;

/**
 * {@code help} and {@code help COMMAND}: the commands with their synopses, grouped; or one command's full help.
 * Replaces Spring Shell's built-in help, which does not show positional arguments.
 */
final class HelpCommand extends AbstractCommand {

    /** The group of Spring Shell's own built-in commands, which help joins. */
    static final String BUILT_IN = "Built-In Commands";

    HelpCommand() {
        super("help", "Show the commands, or one command's arguments and options", BUILT_IN);
    }

    @Override
    public String getHelp() {
        return "Usage: filesys help [COMMAND]\n\nShows the commands, or one command's arguments and options.";
    }

    @Override
    public ExitStatus doExecute(CommandContext context) {
        PrintWriter out = context.outputWriter();
        List<CommandArgument> arguments = context.parsedInput().arguments();
        if (!arguments.isEmpty()) {
            String name = arguments.get(0).value();
            Command command = context.commandRegistry().getCommandByName(name);
            if (command == null) {
                throw CliFailure.usage("unknown command '" + name + "' (try 'help')");
            }
            out.println(command.getHelp());
        } else {
            out.println(overview(context.commandRegistry().getCommands()));
        }
        out.flush();
        return ExitStatus.OK;
    }

    static String overview(Iterable<Command> commands) {
        Map<String, List<Command>> groups = new LinkedHashMap<>();
        List<Command> sorted = new ArrayList<>();
        commands.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(HelpCommand::rank).thenComparing(Command::getName));
        for (Command command : sorted) {
            if (!command.isHidden()) {
                String group = command.getGroup().isEmpty() ? BUILT_IN : command.getGroup();
                groups.computeIfAbsent(group, g -> new ArrayList<>()).add(command);
            }
        }
        int width = sorted.stream().mapToInt(c -> usage(c).length()).max().orElse(0);
        StringBuilder text = new StringBuilder("""
                filesys: store and share files on a filesys cluster.

                Usage: filesys [--balancer URL] [--state FILE] [--json] COMMAND [ARGUMENTS] [OPTIONS]
                """);
        groups.forEach((group, members) -> {
            text.append('\n').append(group).append(":\n");
            for (Command command : members) {
                String usage = usage(command);
                text.append("  ")
                        .append(usage)
                        .append(" ".repeat(width - usage.length() + 3))
                        .append(command.getDescription())
                        .append('\n');
            }
        });
        text.append("""

                FILE is the name of one of your files, else of a file shared with you, or a file id.
                'help COMMAND' or 'COMMAND --help' shows a command's options.""");
        return text.toString();
    }

    private static String usage(Command command) {
        if (command instanceof ShapedCommand shaped) {
            return shaped.synopsis();
        }
        if (command instanceof HelpCommand) {
            return "help [COMMAND]";
        }
        return command.getName();
    }

    private static int rank(Command command) {
        int rank = FilesysCommands.ORDER.indexOf(command.getName());
        return rank < 0 ? FilesysCommands.ORDER.size() : rank;
    }
}
