package dev.filesys.cli.commands;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A fish completion script made from picocli's model of the commands (picocli writes bash and zsh scripts itself, not
 * fish ones): the commands with their descriptions, then each command's options.
 */
final class FishCompletion {

    private FishCompletion() {}

    static String script(CommandSpec root) {
        String name = root.name();
        StringBuilder script = new StringBuilder("# fish completion for " + name + ": " + name
                + " completion fish > ~/.config/fish/completions/" + name + ".fish\n");
        script.append("complete -c " + name + " -f\n");
        options(script, name, "__fish_use_subcommand", root);
        for (Map.Entry<String, CommandLine> entry : root.subcommands().entrySet()) {
            CommandSpec command = entry.getValue().getCommandSpec();
            script.append("complete -c " + name + " -n __fish_use_subcommand -a " + entry.getKey() + " -d "
                    + quote(firstLine(command)) + "\n");
            String condition = "'__fish_seen_subcommand_from " + entry.getKey() + "'";
            options(script, name, condition, command);
            if (entry.getKey().equals("upload")) {
                script.append("complete -c " + name + " -n " + condition + " -F\n");
            }
        }
        return script.toString();
    }

    private static void options(StringBuilder script, String name, String condition, CommandSpec command) {
        for (OptionSpec option : command.options()) {
            script.append("complete -c ").append(name).append(" -n ").append(condition);
            for (String optionName : option.names()) {
                if (optionName.startsWith("--")) {
                    script.append(" -l ").append(optionName.substring(2));
                } else {
                    script.append(" -s ").append(optionName.substring(1));
                }
            }
            if (option.arity().max() > 0) {
                script.append(" -r");
            }
            if (option.description().length > 0) {
                script.append(" -d ").append(quote(option.description()[0]));
            }
            script.append('\n');
        }
    }

    private static String firstLine(CommandSpec command) {
        String[] description = command.usageMessage().description();
        return description.length == 0 ? "" : description[0];
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
