package dev.filesys.cli;

import org.jline.reader.UserInterruptException;
import org.springframework.shell.jline.JLineInputProvider;

/**
 * The shell's line input, with Ctrl-C at the prompt as shells have it: the line typed so far is dropped and a new
 * prompt shown (Spring Shell would end the shell).
 */
final class ShellInput extends JLineInputProvider {

    private final JLineInputProvider lines;

    ShellInput(JLineInputProvider lines) {
        super(lines.getLineReader());
        this.lines = lines;
    }

    @Override
    public String readInput() {
        try {
            return lines.readInput();
        } catch (UserInterruptException e) {
            return "";
        }
    }
}
