package dev.filesys.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether this process talks to a terminal (rather than a pipe, a file or a test). */
final class Terminals {

    private Terminals() {}

    static boolean attached() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // From JDK 22 on System.console() is there even when the streams are redirected; Console.isTerminal() tells.
        // Looked up reflectively because the CLI is compiled for Java 21.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
