package dev.filesys.cli.commands;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Where a password comes from: the first line of standard input ({@code --password-stdin}), else the environment
 * variable {@code FILESYS_PASSWORD}, else a prompt without echo on the terminal. Passwords are never printed, logged
 * or stored.
 */
public final class Passwords {

    /** The environment variable scripts can pass a password in. */
    public static final String ENVIRONMENT_VARIABLE = "FILESYS_PASSWORD";

    /** The environment variable scripts can pass a new password in ({@code filesys passwd}). */
    public static final String NEW_ENVIRONMENT_VARIABLE = "FILESYS_NEW_PASSWORD";

    private final InputStream in;
    private final Map<String, String> environment;

    public Passwords(InputStream in, Map<String, String> environment) {
        this.in = in;
        this.environment = environment;
    }

    /**
     * @param fromStdin whether {@code --password-stdin} was given
     * @param confirm whether to ask twice when prompting (a new password)
     * @param reader the shell's reader, which prompts without echo
     */
    char[] read(boolean fromStdin, boolean confirm, PasswordPrompt reader) {
        return read(fromStdin, ENVIRONMENT_VARIABLE, "Password: ", confirm, reader);
    }

    /**
     * One password: the next line of standard input with {@code --password-stdin}, else the environment variable, else
     * asked for.
     *
     * @param variable the environment variable that may hold it
     * @param label the prompt
     */
    char[] read(boolean fromStdin, String variable, String label, boolean confirm, PasswordPrompt reader) {
        if (fromStdin) {
            char[] password = firstLine();
            if (password.length == 0) {
                throw CliFailure.usage("--password-stdin: standard input has no password");
            }
            return password;
        }
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment.toCharArray();
        }
        char[] password = prompt(reader, label);
        if (confirm) {
            char[] again = prompt(reader, "Repeat the password: ");
            boolean same = Arrays.equals(password, again);
            Arrays.fill(again, '\0');
            if (!same) {
                Arrays.fill(password, '\0');
                throw CliFailure.usage("the two passwords differ");
            }
        }
        return password;
    }

    private static char[] prompt(PasswordPrompt reader, String prompt) {
        try {
            char[] password = reader.readPassword(prompt);
            if (password == null || password.length == 0) {
                throw CliFailure.usage("no password given");
            }
            return password;
        } catch (CliFailure e) {
            throw e;
        } catch (Exception e) {
            throw CliFailure.usage(
                    "cannot ask for the password here: pass it with --password-stdin or " + ENVIRONMENT_VARIABLE);
        }
    }

    /** The first line of standard input, read byte by byte so nothing after it is consumed. */
    private char[] firstLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
        } catch (IOException e) {
            throw CliFailure.usage("--password-stdin: cannot read standard input: " + e.getMessage());
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, length));
        char[] password = new char[decoded.remaining()];
        decoded.get(password);
        Arrays.fill(bytes, (byte) 0);
        return password;
    }
}
