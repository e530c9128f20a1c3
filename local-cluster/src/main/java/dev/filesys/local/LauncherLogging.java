package dev.filesys.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.util.StatusPrinter2;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.StandardEnvironment;

/**
 * The launcher's logging, set up once for all the services in its JVM: a rolling file with everything, each line
 * naming its service, and a console with warnings and errors only.
 *
 * <p>Spring Boot is told to leave logging alone ({@link LoggingSystem#NONE}): each service is a Spring application of
 * its own, and Boot would otherwise reset the shared Logback configuration as each one starts, silencing the services
 * already running while it does. What Boot would still have done is done here: JUL (Tomcat) is routed to SLF4J, and
 * {@code logging.level.*} settings (e.g. {@code LOGGING_LEVEL_DEV_FILESYS_REQUESTS=DEBUG}) are applied.
 */
final class LauncherLogging {

    private LauncherLogging() {}

    /** @param logFile where the full log goes (its directory must exist) */
    static void configure(Path logFile) {
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.putProperty("LOG_FILE", logFile.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(LauncherLogging.class.getResource("logback-launcher.xml"));
        } catch (JoranException e) {
            new StatusPrinter2().printInCaseOfErrorsOrWarnings(context);
            throw new IllegalStateException("logging could not be set up: " + e.getMessage(), e);
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        applyLevels(context);
    }

    /** {@code logging.level.<logger>=<level>} from system properties and the environment, as Boot would apply them. */
    private static void applyLevels(LoggerContext context) {
        Map<String, String> levels = Binder.get(new StandardEnvironment())
                .bind("logging.level", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        levels.forEach((logger, level) -> context.getLogger(logger.equalsIgnoreCase("root") ? "ROOT" : logger)
                .setLevel(Level.toLevel(level, null)));
    }
}
