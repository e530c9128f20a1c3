package dev.filesys.cli.commands;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ParsedInput;

/**
 * Turns a command line into Spring Shell's {@link ParsedInput}, for the interactive shell (a line, split like a POSIX
 * shell does) and for one-shot mode (the program arguments as they are, so a path with spaces stays one argument).
 *
 * <p>Stricter than Spring Shell's default parser: an unknown option, a missing value, a repeated option, or the wrong
 * number of arguments is an error here instead of being ignored, and a boolean flag never swallows the next word
 * ({@code upload --overwrite a.txt}). {@code --} ends the options; {@code --json} is accepted by every command.
 */
public final class CommandLineParser implements CommandParser {

    /** The option every command accepts: print the result as JSON. */
    public static final String JSON = "json";

    private final CommandRegistry registry;

    public CommandLineParser(CommandRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ParsedInput parse(String line) {
        return parse(split(line));
    }

    /**
     * @throws IllegalArgumentException when the words do not fit the command; an unknown command is returned as is
     *     (the caller reports it)
     */
    public ParsedInput parse(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no command given");
        }
        String name = words.get(0);
        ParsedInput.Builder parsed = ParsedInput.builder().commandName(name);
        Command command = registry.getCommandByName(name);
        List<String> rest = words.subList(1, words.size());
        if (command == null) {
            for (int i = 0; i < rest.size(); i++) {
                parsed.addArgument(new CommandArgument(i, rest.get(i)));
            }
            return parsed.build();
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            return parsed.addOption(CommandOption.with()
                            .shortName('h')
                            .longName("help")
                            .value("true")
                            .build())
                    .build();
        }
        List<String> arguments = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean optionsEnded = false;
        for (int i = 0; i < rest.size(); i++) {
            String word = rest.get(i);
            if (!optionsEnded && word.equals("--")) {
                optionsEnded = true;
            } else if (!optionsEnded && isOption(word)) {
                int equals = word.indexOf('=');
                String key = equals < 0 ? word : word.substring(0, equals);
                String explicit = equals < 0 ? null : word.substring(equals + 1);
                CommandOption declared = declared(command, key);
                if (declared == null) {
                    throw new IllegalArgumentException(
                            "unknown option " + key + " for '" + name + "' (see '" + name + " --help')");
                }
                if (!seen.add(declared.longName())) {
                    throw new IllegalArgumentException("option --" + declared.longName() + " is given twice");
                }
                String value;
                if (isBoolean(declared)) {
                    value = explicit == null ? "true" : explicit;
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new IllegalArgumentException(
                                "option --" + declared.longName() + " takes no value (or =true / =false)");
                    }
                } else if (explicit != null) {
                    value = explicit;
                } else if (i + 1 < rest.size()) {
                    value = rest.get(++i);
                } else {
                    throw new IllegalArgumentException("option --" + declared.longName() + " needs a value");
                }
                parsed.addOption(CommandOption.with()
                        .longName(declared.longName())
                        .shortName(declared.shortName())
                        .type(declared.type())
                        .value(value)
                        .build());
            } else {
                arguments.add(word);
            }
        }
        if (command instanceof ShapedCommand shaped) {
            checkArguments(name, shaped.shape(), arguments);
        }
        for (int i = 0; i < arguments.size(); i++) {
            parsed.addArgument(new CommandArgument(i, arguments.get(i)));
        }
        return parsed.build();
    }

    private static void checkArguments(String name, CommandShape shape, List<String> arguments) {
        if (arguments.size() < shape.required()) {
            List<String> missing = shape.arguments().subList(arguments.size(), shape.required());
            throw new IllegalArgumentException(
                    "'" + name + "' needs " + String.join(" ", missing) + " (see '" + name + " --help')");
        }
        if (arguments.size() > shape.arguments().size()) {
            String extra = arguments.get(shape.arguments().size());
            throw new IllegalArgumentException(
                    "'" + name + "' takes " + describe(shape) + "; unexpected argument '" + extra + "'");
        }
        for (int i = 0; i < arguments.size(); i++) {
            if (arguments.get(i).isBlank()) {
                throw new IllegalArgumentException(shape.arguments().get(i) + " must not be empty");
            }
        }
    }

    private static String describe(CommandShape shape) {
        return shape.arguments().isEmpty() ? "no arguments" : String.join(" ", shape.arguments());
    }

    private static boolean isOption(String word) {
        return word.length() > 1 && word.startsWith("-");
    }

    private static CommandOption declared(Command command, String key) {
        if (key.equals("--" + JSON)) {
            return CommandOption.with().longName(JSON).type(boolean.class).build();
        }
        for (CommandOption option : command.getOptions()) {
            if (option.isOptionEqual(key)) {
                return option;
            }
        }
        return null;
    }

    private static boolean isBoolean(CommandOption option) {
        return option.type() == boolean.class || option.type() == Boolean.class;
    }

    /**
     * Splits a line into words the way a POSIX shell does: blanks separate words, {@code '…'} keeps everything
     * literally, {@code "…"} keeps blanks, a backslash escapes the next character (outside single quotes).
     *
     * @throws IllegalArgumentException on an unclosed quote or a trailing backslash
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException("the line ends with a backslash");
                }
                word.append(line.charAt(++i));
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
