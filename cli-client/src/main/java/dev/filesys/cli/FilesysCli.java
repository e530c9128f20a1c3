package dev.filesys.cli;

import dev.filesys.cli.commands.CommandCatalog;
import dev.filesys.cli.commands.CommandLineParser;
import dev.filesys.cli.commands.Failure;
import dev.filesys.cli.commands.FilesysCommands;
import java.util.Map;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.config.UserConfigPathProvider;
import org.springframework.shell.core.utils.Utils;
import org.springframework.shell.jline.PromptProvider;

/**
 * The filesys command line. With a command ({@code filesys upload report.pdf}) it runs it and exits with its code;
 * without one it starts the interactive Spring Shell (JLine: history, completion, {@code help}) on the same commands.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class FilesysCli {

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
        try (ConfigurableApplicationContext context = shell(commands, settings).run()) {
            return 0;
        }
    }

    /** The interactive shell's application: Spring Shell with JLine, on these commands; it runs until quit. */
    static SpringApplicationBuilder shell(FilesysCommands commands, Settings settings) {
        return new SpringApplicationBuilder(FilesysCli.class)
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

    /** The filesys commands (and {@code help}); Spring Shell adds its other built-ins ({@code clear}, {@code history}). */
    @Bean
    CommandRegistry commandRegistry(FilesysCommands commands) {
        CommandRegistry registry = CommandCatalog.registry(commands, exception -> {
            Failure failure = Failure.of(exception);
            return new ExitStatus(failure.exitCode().code(), failure.message() + " (" + failure.code() + ")");
        });
        registry.registerCommand(Utils.QUIT_COMMAND);
        return registry;
    }

    /** Lines are split like a shell splits them, and checked as strictly as in one-shot mode. */
    @Bean
    CommandParser commandParser(CommandRegistry registry) {
        return new CommandLineParser(registry);
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
