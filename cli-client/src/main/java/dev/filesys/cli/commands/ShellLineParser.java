package dev.filesys.cli.commands;

import java.util.ArrayList;
import java.util.List;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.ParsedInput;

/**
 * Splits a line of the interactive shell into words, as a POSIX shell does, and hands them on as they are: the
 * command's name, then every other word as an argument. picocli parses them, as it parses the program arguments of a
 * one-shot command, so both modes accept exactly the same command lines.
 */
public final class ShellLineParser implements CommandParser {

    @Override
    public ParsedInput parse(String line) {
        List<String> words = split(line);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no command given");
        }
        ParsedInput.Builder parsed = ParsedInput.builder().commandName(words.get(0));
        for (int i = 1; i < words.size(); i++) {
            parsed.addArgument(new CommandArgument(i - 1, words.get(i)));
        }
        return parsed.build();
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
