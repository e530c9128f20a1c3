package dev.filesys.file.accounts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Builds the common-passwords filter at build time (the {@code exec-maven-plugin} runs it in the {@code process-classes}
 * phase): reads the word lists given (one entry a line, gzipped if the name ends in {@code .gz}), keeps the entries of at least 8 characters (shorter passwords
 * are refused for their length anyway), and writes the Bloom filter where {@link CommonPasswords#shipped} finds it.
 *
 * <p>Arguments: the output file, then the list files.
 */
public final class CommonPasswordsBuilder {

    /** About one strong password in a million is refused as common by mistake. */
    static final double FALSE_POSITIVE_RATE = 1e-6;

    /** Fewer entries than this means a list is missing or cut short: the build fails rather than ship a weak filter. */
    static final int MIN_ENTRIES = 200_000;

    private CommonPasswordsBuilder() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: CommonPasswordsBuilder <output> <list>...");
        }
        Set<String> entries = new TreeSet<>();
        int lines = 0;
        for (int i = 1; i < args.length; i++) {
            for (String line : lines(Path.of(args[i]))) {
                lines++;
                String entry = CommonPasswords.canonical(line.strip());
                if (entry.codePointCount(0, entry.length()) >= Credentials.MIN_PASSWORD) {
                    entries.add(entry);
                }
            }
        }
        if (entries.size() < MIN_ENTRIES) {
            throw new IllegalStateException("only " + entries.size() + " entries: the lists are missing or empty");
        }
        CommonPasswords filter = CommonPasswords.sized(entries.size(), FALSE_POSITIVE_RATE);
        filter.addAll(new ArrayList<>(entries));
        Path output = Path.of(args[0]);
        Files.createDirectories(output.getParent());
        try (OutputStream out = Files.newOutputStream(output)) {
            filter.write(out);
        }
        System.out.printf(
                "common passwords: %d entries of 8+ characters from %d lines in %d lists -> %s (%d bytes)%n",
                entries.size(), lines, args.length - 1, output, Files.size(output));
    }

    /** The lines of a list, gunzipped if its name ends in {@code .gz}. */
    private static List<String> lines(Path list) throws IOException {
        if (!list.getFileName().toString().endsWith(".gz")) {
            return Files.readAllLines(list, StandardCharsets.UTF_8);
        }
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(list)), StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        }
    }

    /** For tests: a filter of exactly these entries. */
    static CommonPasswords of(List<String> entries) {
        CommonPasswords filter = CommonPasswords.sized(Math.max(1, entries.size()), FALSE_POSITIVE_RATE);
        filter.addAll(entries.stream().map(CommonPasswords::canonical).toList());
        return filter;
    }
}
