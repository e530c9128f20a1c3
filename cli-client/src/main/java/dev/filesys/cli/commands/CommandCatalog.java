package dev.filesys.cli.commands;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.shell.core.command.completion.FileNameCompletionProvider;
import org.springframework.shell.core.command.exit.ExitStatusExceptionMapper;
import org.springframework.shell.core.utils.Utils;

/**
 * Builds Spring Shell commands from the {@code @Command} methods of an object, as Spring Shell's own factory does,
 * but without an application context (one-shot mode starts none) and with each command's arguments, synopsis and
 * full help text, which the stock adapter does not describe.
 *
 * <p>Descriptions of arguments and valued options start with the placeholder, e.g. {@code "PATH: the local file"};
 * a command with a {@code PATH} argument completes local file names in the shell.
 */
public final class CommandCatalog {

    private CommandCatalog() {}

    /**
     * A registry with the commands of {@code target} and {@code help}.
     *
     * @param mapper turns a command's exception into an exit status (the interactive shell), or {@code null} to let it
     *     propagate (one-shot mode formats it itself)
     */
    public static CommandRegistry registry(Object target, ExitStatusExceptionMapper mapper) {
        CommandRegistry registry = new CommandRegistry(new HashSet<>());
        for (ShapedCommand command : commands(target, mapper)) {
            registry.registerCommand(command);
        }
        registry.registerCommand(new HelpCommand());
        return registry;
    }

    static List<ShapedCommand> commands(Object target, ExitStatusExceptionMapper mapper) {
        DefaultConversionService conversion = new DefaultConversionService();
        List<ShapedCommand> commands = new ArrayList<>();
        for (Method method : target.getClass().getMethods()) {
            MergedAnnotations annotations = MergedAnnotations.from(method);
            if (!annotations.isPresent(Command.class)) {
                continue;
            }
            Command annotation = annotations.get(Command.class).synthesize();
            String name = annotation.name().length == 0
                    ? Utils.unCamelify(method.getName())
                    : String.join(" ", annotation.name());
            List<CommandOption> options = options(method);
            CommandShape shape = shape(method);
            String synopsis = synopsis(name, shape, options);
            String help = help(synopsis, annotation, method, options);
            ShapedCommand command = new ShapedCommand(
                    name,
                    annotation.description(),
                    annotation.group(),
                    help,
                    method,
                    target,
                    conversion,
                    Utils.defaultValidator(),
                    shape,
                    synopsis);
            command.setOptions(options);
            if (shape.arguments().contains("PATH")) {
                command.setCompletionProvider(new FileNameCompletionProvider());
            }
            command.setAliases(List.of(annotation.alias()));
            if (mapper != null) {
                command.setExitStatusExceptionMapper(mapper);
            }
            commands.add(command);
        }
        commands.sort(Comparator.comparing(ShapedCommand::getName));
        return commands;
    }

    private static List<CommandOption> options(Method method) {
        List<CommandOption> options = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            Option option = parameter.getAnnotation(Option.class);
            if (option != null) {
                options.add(CommandOption.with()
                        .longName(option.longName().isEmpty() ? parameter.getName() : option.longName())
                        .shortName(option.shortName())
                        .description(option.description())
                        .required(option.required())
                        .defaultValue(option.defaultValue())
                        .type(parameter.getType())
                        .build());
            }
        }
        return options;
    }

    private static CommandShape shape(Method method) {
        List<Argument> arguments = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            Argument argument = parameter.getAnnotation(Argument.class);
            if (argument != null) {
                arguments.add(argument);
            }
        }
        arguments.sort(Comparator.comparingInt(Argument::index));
        int required = (int) arguments.stream()
                .filter(argument -> argument.defaultValue().isEmpty())
                .count();
        return new CommandShape(
                arguments.stream().map(a -> placeholder(a.description())).toList(), required);
    }

    private static String synopsis(String name, CommandShape shape, List<CommandOption> options) {
        StringBuilder synopsis = new StringBuilder(name);
        for (int i = 0; i < shape.arguments().size(); i++) {
            String argument = shape.arguments().get(i);
            synopsis.append(' ').append(i < shape.required() ? argument : "[" + argument + "]");
        }
        for (CommandOption option : options) {
            synopsis.append(" [").append(optionUsage(option)).append(']');
        }
        return synopsis.toString();
    }

    private static String help(String synopsis, Command annotation, Method method, List<CommandOption> options) {
        StringBuilder help =
                new StringBuilder("Usage: filesys ").append(synopsis).append("\n\n");
        help.append(annotation.description()).append('.');
        if (!annotation.help().isEmpty()) {
            help.append(' ').append(annotation.help());
        }
        help.append('\n');
        List<String[]> rows = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            Argument argument = parameter.getAnnotation(Argument.class);
            if (argument != null) {
                rows.add(new String[] {placeholder(argument.description()), explanation(argument.description())});
            }
        }
        for (CommandOption option : options) {
            rows.add(new String[] {optionUsage(option), explanation(option.description())});
        }
        rows.add(new String[] {"--json", "print the result as JSON"});
        rows.add(new String[] {"--help", "show this help"});
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
        help.append('\n');
        for (String[] row : rows) {
            help.append("  ")
                    .append(row[0])
                    .append(" ".repeat(width - row[0].length() + 3))
                    .append(row[1])
                    .append('\n');
        }
        return help.toString().stripTrailing();
    }

    private static String optionUsage(CommandOption option) {
        String usage = "--" + option.longName();
        if (option.type() != boolean.class && option.type() != Boolean.class) {
            usage += " " + placeholder(option.description());
        }
        return usage;
    }

    /** {@code PATH} of {@code "PATH: the local file"}. */
    private static String placeholder(String description) {
        int colon = description.indexOf(':');
        return colon < 0 ? "VALUE" : description.substring(0, colon).strip();
    }

    /** {@code the local file} of {@code "PATH: the local file"}. */
    private static String explanation(String description) {
        int colon = description.indexOf(':');
        return colon < 0 ? description : description.substring(colon + 1).strip();
    }
}
