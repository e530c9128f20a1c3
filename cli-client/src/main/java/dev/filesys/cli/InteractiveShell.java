package dev.filesys.cli;

import dev.filesys.cli.commands.FilesysCommands;
import dev.filesys.cli.commands.ShellLineParser;
import java.nio.file.Path;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.shell.core.ShellRunner;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.config.UserConfigPathProvider;
import org.springframework.shell.core.utils.Utils;
import org.springframework.shell.jline.CommandCompleter;
import org.springframework.shell.jline.JLineInputProvider;
import org.springframework.shell.jline.JLineShellRunner;
import org.springframework.shell.jline.PromptProvider;
import picocli.CommandLine;

/**
 * The interactive shell: Spring Shell with JLine (history, completion, the prompt), running the same picocli commands
 * as one-shot mode, one line at a time.
 */
@SpringBootApplication(proxyBeanMethods = false)
class InteractiveShell {

    /** Runs the shell until the user quits; returns the exit code. */
    static int run(FilesysCommands commands, Settings settings) {
        try (ConfigurableApplicationContext context =
                application(commands, settings).run()) {
            return 0;
        }
    }

    /** The shell's application on these commands; it runs until quit. */
    static SpringApplicationBuilder application(FilesysCommands commands, Settings settings) {
        return new SpringApplicationBuilder(InteractiveShell.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(Map.of(
                        "spring.shell.interactive.enabled", "true",
                        "spring.shell.command.help.enabled", "false",
                        "spring.shell.command.version.enabled", "false",
                        "spring.shell.command.script.enabled", "false",
                        "spring.shell.history.name", "history"))
                .initializers(context -> {
                    GenericApplicationContext generic = (GenericApplicationContext) context;
                    generic.registerBean(FilesysCommands.class, () -> commands);
                    generic.registerBean(UserConfigPathProvider.class, () -> settings::configDirectory);
                });
    }

    @Bean
    ForegroundCommand foregroundCommand() {
        return new ForegroundCommand();
    }

    /** The filesys commands (with picocli's {@code help}); Spring Shell adds {@code clear} and {@code history}. */
    @Bean
    CommandRegistry commandRegistry(FilesysCommands commands, ForegroundCommand foreground) {
        CommandRegistry registry = new CommandRegistry(new java.util.HashSet<>());
        CommandLine model = commands.commandLine(null);
        Path home = Path.of(System.getProperty("user.home"));
        model.getSubcommands()
                .forEach((name, subcommand) ->
                        registry.registerCommand(new ShellCommand(name, subcommand, commands, foreground, home)));
        registry.registerCommand(Utils.QUIT_COMMAND);
        return registry;
    }

    /**
     * Spring Shell's JLine runner, with Ctrl-C as in a shell: at the prompt it clears the line, while a command runs it
     * stops that command; the shell goes on either way (Spring Shell alone would end it).
     */
    @Bean
    @Primary
    ShellRunner filesysShellRunner(
            JLineInputProvider input, CommandParser parser, CommandRegistry registry, ForegroundCommand foreground) {
        input.getLineReader().getTerminal().handle(Terminal.Signal.INT, signal -> foreground.interrupt());
        return new JLineShellRunner(new ShellInput(input), parser, registry);
    }

    @Bean
    CommandCompleter commandCompleter(CommandRegistry registry) {
        return new ArgumentCompleter(registry);
    }

    /** Lines are split like a shell splits them; picocli parses the words. */
    @Bean
    CommandParser commandParser() {
        return new ShellLineParser();
    }

    @Bean
    PromptProvider promptProvider(FilesysCommands commands) {
        return () -> {
            String user = commands.promptUser();
            return new AttributedString(
                    (user == null ? "" : user + "@") + "filesys:> ",
                    AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN));
        };
    }
}
